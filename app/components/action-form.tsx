'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/api/form-action';
import { FormMessage } from './form-message';

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

type Props = {
  action: Action;
  hidden?: Record<string, string>;
  className?: string;
  label?: string;
  children: (state: FormState) => React.ReactNode;
};

/**
 * A form bound to a validated server action: shows its message or error, and hands the state to its
 * fields so they keep the user's input and show field errors inline.
 */
export function ActionForm({ action, hidden = {}, className, label, children }: Props) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-label={label} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={state} />
      {children(state)}
    </form>
  );
}
