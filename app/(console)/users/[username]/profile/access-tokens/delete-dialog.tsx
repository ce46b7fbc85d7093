'use client';

import { useState } from 'react';
import { FormMessage } from '@/app/components/form-message';
import { ConfirmWordField } from '@/app/components/confirm-word';
import { CancelLink } from '@/app/components/get-button';
import { useHydrated } from '@/app/components/hydrated';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import type { FormState } from '@/lib/api/form-action';
import type { TokenRow } from './token-row';

type Props = {
  open: boolean;
  username: string;
  /** The list as it was shown, which Cancel goes back to. */
  listHref: string;
  tokens: TokenRow[];
  state: FormState;
  action: (formData: FormData) => void;
  onCancel: () => void;
};

const plural = (n: number) => `${n} token${n === 1 ? '' : 's'}`;

/** The typed confirmation of a delete, naming each token and what stops working. */
export function DeleteDialog({ open, username, listHref, tokens, state, action, onCancel }: Props) {
  const hydrated = useHydrated();
  const [typed, setTyped] = useState('');
  const invalid = !!state.fieldErrors?.confirm;
  return (
    <Modal open={open} title="Delete access tokens" onClose={onCancel}>
      <form action={action} className="space-y-4">
        <input type="hidden" name="username" value={username} />
        {tokens.map((t) => (
          <input key={t.hashedToken} type="hidden" name="hashedToken" value={t.hashedToken} />
        ))}
        <ul className="list-inside list-disc text-sm">
          {tokens.map((t) => (
            <li key={t.hashedToken}>
              {t.tokenLabel || 'No description'} <span className="whitespace-nowrap font-mono text-xs">({t.hint})</span>
            </li>
          ))}
        </ul>
        <p className="text-sm text-slate-700">
          {tokens.length === 1 ? 'This token stops' : `These ${tokens.length} tokens stop`} working at once, everywhere: docker logins, CI jobs and
          scripts that use {tokens.length === 1 ? 'it' : 'them'} are refused from their next request, and sessions signed in with{' '}
          {tokens.length === 1 ? 'it' : 'them'} end. This cannot be undone.
        </p>
        <FormMessage state={state} />
        <ConfirmWordField id="confirm-delete" word="delete" value={typed} onChange={setTyped} invalid={invalid} />
        <div className="flex justify-end gap-2">
          <CancelLink href={listHref} onCancel={onCancel} />
          <SubmitButton className="btn-danger" disabled={hydrated && typed !== 'delete'}>
            Delete {plural(tokens.length)}
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
