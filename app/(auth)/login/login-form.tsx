'use client';

import { useActionState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { SubmitButton } from '@/app/components/submit-button';
import { signIn } from './actions';

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signIn, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        required
        defaultValue={state.values?.username}
        errors={state.fieldErrors?.username}
      />
      <Field
        label="Password or access token"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.password}
      />
      <SubmitButton className="btn-primary w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
