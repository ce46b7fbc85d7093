'use client';

import { useActionState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { SubmitButton } from '@/app/components/submit-button';
import { changePassword } from './actions';

export function PasswordForm({ needsCurrent }: { needsCurrent: boolean }) {
  const [state, action] = useActionState(changePassword, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormMessage state={state} />
      {needsCurrent && (
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={state.fieldErrors?.currentPassword} />
      )}
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={state.fieldErrors?.newPassword} />
      <Field label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={state.fieldErrors?.confirmPassword} />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}
