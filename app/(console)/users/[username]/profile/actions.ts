'use server';

import { z } from 'zod';
import { changeOwnPassword } from '@/lib/accounts';
import { validatedAction, type FormState } from '@/lib/actions';
import { passwordSchema } from '@/lib/passwords';
import { requireUser, startSession } from '@/lib/session';

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
  const user = await changeOwnPassword(principal, { currentPassword, newPassword });
  await startSession({ ...principal, user });
  return { ok: true, message: 'Your password has been changed.' };
});
