'use server';

import { z } from 'zod';
import { changeOwnPassword } from '@/lib/accounts/password';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { ApiError } from '@/lib/errors';
import { passwordSchema } from '@/lib/auth/passwords';
import { mayResetPasswordWithoutOld } from '@/lib/auth/principal';
import { requireUser, startSession } from '@/lib/auth/session';
import { endWebSession } from '@/lib/auth/web-sessions';

const schema = z
  .object({
    currentPassword: z.string().max(256).optional(),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: 'The passwords do not match', path: ['confirmPassword'] });

/** Sets the signed-in user's own password; the session that did it stays signed in. */
export const changePassword = validatedAction(schema, async ({ currentPassword, newPassword }): Promise<FormState> => {
  const principal = await requireUser();
  let user;
  try {
    user = await changeOwnPassword(principal, { currentPassword, newPassword });
  } catch (error) {
    // The one input the data layer refuses here is the current password: show the error by that field.
    if (error instanceof ApiError && error.code === 'INVALID_PARAMETERS') return { fieldErrors: { currentPassword: [error.message] } };
    throw error;
  }
  // The new password ended every session (their credentials version); this one begins again, as a
  // password session when a temporary password was spent to get here.
  await endWebSession(principal);
  const spent = mayResetPasswordWithoutOld(principal);
  await startSession(spent ? { ...principal, user, credential: { kind: 'password' }, scope: 'admin' } : { ...principal, user });
  return { ok: true, message: 'Your password has been changed.' };
});
