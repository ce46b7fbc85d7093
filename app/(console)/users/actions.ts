'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { changeAccount, createAccount, unlockAccount } from '@/lib/accounts/accounts';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { passwordSchema } from '@/lib/auth/passwords';
import { requireUser } from '@/lib/auth/session';
import { accountNameSchema, fullNameSchema } from '@/lib/validation';

const createSchema = z.object({
  name: accountNameSchema,
  fullName: fullNameSchema.default(''),
  password: passwordSchema,
  isAdmin: z.literal('on').optional(),
});

export const createUser = validatedAction(createSchema, async (input): Promise<FormState> => {
  const principal = await requireUser();
  const user = await createAccount(principal, {
    name: input.name,
    fullName: input.fullName,
    password: input.password,
    isAdmin: input.isAdmin === 'on',
    isOrg: false,
    isActive: true,
  });
  revalidatePath('/users');
  return { ok: true, message: `Created user ${user.name}.` };
});

const changeSchema = z.object({
  name: accountNameSchema,
  change: z.enum(['activate', 'deactivate', 'make-admin', 'remove-admin', 'unlock']),
});

/** One action for the row buttons of the Users page; the data layer checks who is asking. */
export const changeUser = validatedAction(changeSchema, async ({ name, change }): Promise<FormState> => {
  const principal = await requireUser();
  if (change === 'unlock') await unlockAccount(principal, name);
  else if (change === 'activate' || change === 'deactivate') await changeAccount(principal, name, { isActive: change === 'activate' });
  else await changeAccount(principal, name, { isAdmin: change === 'make-admin' });
  revalidatePath('/users');
  return { ok: true, message: `Updated ${name}.` };
});
