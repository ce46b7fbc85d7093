'use server';

import { z } from 'zod';
import { hashedTokenSchema } from '@/lib/access-tokens/lifecycle';
import { GRACE_CHOICES, rotateAccessToken } from '@/lib/access-tokens/rotation';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { requireUser } from '@/lib/auth/session';

const rotateFormSchema = z.object({
  hashedToken: hashedTokenSchema,
  gracePeriodHours: z.enum(GRACE_CHOICES.map(String) as [string, ...string[]], { message: 'Choose a grace period' }).transform(Number),
});

export type RotateTokenState = FormState & { token?: string; rotatingUntil?: string | null };

/**
 * Rotates a token from View details; the new secret goes back in this one response and nowhere else.
 * The page is not revalidated here: the details dialog keeps showing the secret until Done.
 */
export const rotateToken = validatedAction(rotateFormSchema, async (input): Promise<RotateTokenState> => {
  const principal = await requireUser();
  const rotated = await rotateAccessToken(principal, input.hashedToken, { gracePeriodHours: input.gracePeriodHours });
  return { ok: true, token: rotated.token, rotatingUntil: rotated.rotatingUntil };
});
