'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { userByName } from '@/lib/accounts/accounts';
import { requireUser } from '@/lib/auth/session';
import { endOtherWebSessions, revokeWebSession } from '@/lib/auth/web-sessions';
import { ApiError } from '@/lib/errors';
import { accountNameSchema } from '@/lib/validation';

const revokeSchema = z.object({ username: accountNameSchema, sessionId: z.uuid() });

/** Revoke one session (plain form: works without script). A session already gone is no error. */
export async function revokeSession(formData: FormData) {
  const principal = await requireUser();
  const input = revokeSchema.safeParse(Object.fromEntries(formData));
  if (!input.success) redirect('/repositories');
  const user = await userByName(input.data.username);
  try {
    await revokeWebSession(principal, user.id, input.data.sessionId, user.name);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NO_SUCH_SESSION')) throw error;
  }
  if (input.data.sessionId === principal.sessionId) redirect('/login');
  revalidatePath(`/users/${user.name}/profile/sessions`);
  redirect(`/users/${user.name}/profile/sessions?revoked=1`);
}

/** "Sign out everywhere else": every other session of the signed-in user ends. */
export async function signOutEverywhereElse() {
  const principal = await requireUser();
  const ended = await endOtherWebSessions(principal);
  redirect(`/users/${principal.user.name}/profile/sessions?ended=${ended}`);
}
