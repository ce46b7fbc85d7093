'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/app/components/submit-button';
import { changeUser } from './actions';

type Props = { name: string; isActive: boolean; isAdmin: boolean; locked: boolean };

export function UserRowActions({ name, isActive, isAdmin, locked }: Props) {
  const [state, action] = useActionState(changeUser, {});
  const button = (change: string, label: string) => (
    <SubmitButton name="change" value={change} className="btn-secondary" aria-label={`${label} ${name}`}>
      {label}
    </SubmitButton>
  );
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="name" value={name} />
      {button(isActive ? 'deactivate' : 'activate', isActive ? 'Deactivate' : 'Activate')}
      {button(isAdmin ? 'remove-admin' : 'make-admin', isAdmin ? 'Remove admin' : 'Make admin')}
      {locked && button('unlock', 'Unlock')}
      {state.error && (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      )}
    </form>
  );
}
