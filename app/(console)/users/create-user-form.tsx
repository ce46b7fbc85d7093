'use client';

import { useActionState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { SubmitButton } from '@/app/components/submit-button';
import { createUser } from './actions';

export function CreateUserForm() {
  const [state, action] = useActionState(createUser, {});
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate aria-labelledby="new-user-heading">
      <h2 id="new-user-heading" className="text-lg font-semibold">
        New user
      </h2>
      <FormMessage state={state} />
      <div className="grid grid-cols-3 gap-4" key={state.ok ? 'reset' : 'keep'}>
        <Field label="Username" name="name" autoComplete="off" defaultValue={values.name} errors={state.fieldErrors?.name} />
        <Field label="Full name" name="fullName" autoComplete="off" defaultValue={values.fullName} errors={state.fieldErrors?.fullName} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" errors={state.fieldErrors?.password} />
      </div>
      <div className="flex items-center justify-between">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="isAdmin" defaultChecked={values.isAdmin === 'on'} /> Administrator
        </label>
        <SubmitButton pendingText="Creating…">Create user</SubmitButton>
      </div>
    </form>
  );
}
