'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deactivateAccessTokens } from '@/lib/access-tokens/inventory';
import { hashedTokenSchema } from '@/lib/access-tokens/lifecycle';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { requireUser } from '@/lib/auth/session';

const deactivateSchema = z.object({ confirm: z.literal('deactivate', { error: 'Type deactivate to confirm' }) });

/** Bulk Deactivate on the Credentials page: system admins only (checked in the data layer). */
export const deactivateCredentials = validatedAction(deactivateSchema, async (_data, formData): Promise<FormState> => {
  const hashes = z.array(hashedTokenSchema).min(1).max(100).safeParse(formData.getAll('hashedToken'));
  if (!hashes.success) return { error: 'Select the tokens to deactivate.' };
  const principal = await requireUser();
  const changed = await deactivateAccessTokens(principal, hashes.data);
  revalidatePath('/credentials');
  return { ok: true, message: `Deactivated ${changed} access token${changed === 1 ? '' : 's'}.` };
});
