'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction, type FormState } from "@/lib/api/form-action";
import { config } from '@/lib/config';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { clientIp, userAgent } from '@/lib/request';
import { accountNameSchema } from '@/lib/validation';
import { safeNextPath } from '@/lib/auth/redirect';
import { endSession, startSession } from '@/lib/auth/session';

const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(64),
  password: z.string().min(1, 'Enter your password or an access token').max(256),
});

export const signIn = validatedAction(signInSchema, async ({ username, password }, formData): Promise<FormState> => {
  const h = await headers();
  const result = await authenticateSecret({ username, secret: password }, { ip: clientIp(h), userAgent: userAgent(h) }, 'web');
  // The form keeps what was typed, but never a secret typed into the wrong field (SPEC 10): a
  // username that is no account name may be a password or a token, and is not sent back.
  const plausible = accountNameSchema.safeParse(username).success;
  const values: Record<string, string> = plausible ? { username } : {};
  if (!result.ok && result.reason === 'throttled') {
    const minutes = Math.ceil(result.retryAfter / 60);
    return { error: `Too many failed sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, values };
  }
  if (!result.ok && result.reason === 'locked') {
    const minutes = Math.round(config.lockoutMs / 60_000);
    return {
      error: `Password sign-in is locked for ${minutes} minutes after ${config.lockoutThreshold} failed attempts. Sign in with an access token, or ask an administrator to unlock your account.`,
      values,
    };
  }
  if (!result.ok && !plausible) {
    return { error: 'Incorrect username, password or access token. The username was not a valid account name (did a password end up in that field?), so it has been cleared.', values };
  }
  if (!result.ok) return { error: 'Incorrect username, password or access token.', values };
  await startSession(result.principal);
  redirect(safeNextPath(formData.get('next')));
});

export async function signOut() {
  await endSession();
  redirect('/login');
}
