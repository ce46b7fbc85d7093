'use client';

import type { ReactNode } from 'react';

type Props = {
  /** The form's id: each row's checkbox names it (`form=…`), so the checked rows go with it. */
  formId: string;
  /** The page the script-less flow asks for, with `?delete=…`: its confirmation is open there. */
  action: string;
  /** Nothing checked (only once script runs: without it the server says so). */
  disabled: boolean;
  /** With script: opens the confirmation dialog instead of leaving the page. */
  onOpen: () => void;
  /** Fields the page keeps across the flow (its order, search and page). */
  children?: ReactNode;
};

/** The Delete of a table's checked rows, working with and without script (the token and tag lists). */
export function SelectionDelete({ formId, action, disabled, onOpen, children }: Props) {
  return (
    <form id={formId} method="get" action={action}>
      {children}
      <button
        type="submit"
        className="btn-secondary"
        disabled={disabled}
        onClick={(e) => {
          e.preventDefault();
          onOpen();
        }}
      >
        Delete
      </button>
    </form>
  );
}
