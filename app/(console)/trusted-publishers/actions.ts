'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { splitPatterns } from '@/lib/access-tokens/restriction';
import { parseOrThrow } from '@/lib/api/body';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { requireUser } from '@/lib/auth/session';
import { invalidParameters } from '@/lib/errors';
import { createTrust, newTrustSchema, removeTrust } from '@/lib/oidc/trusts';

/** `claim=value` lines; a value may hold `=` itself. */
function conditionsOf(text: string): Record<string, string> {
  const conditions: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at < 1) throw invalidParameters(`Write each condition as claim=value: "${line.slice(0, 40)}"`);
    conditions[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return conditions;
}

const trustForm = z.object({
  issuer: z.string().max(600),
  audience: z.string().max(300),
  conditions: z.string().max(20_000).default(''),
  repositories: z.string().max(40_000),
  scope: z.string(),
  username: z.string().max(64).default(''),
});

export const addTrust = validatedAction(trustForm, async (form): Promise<FormState> => {
  const principal = await requireUser();
  const input = parseOrThrow(newTrustSchema, {
    issuer: form.issuer,
    audience: form.audience,
    conditions: conditionsOf(form.conditions),
    repositories: splitPatterns(form.repositories),
    scope: form.scope,
    ...(form.username.trim() ? { username: form.username.trim() } : {}),
  });
  const trust = await createTrust(principal, input);
  revalidatePath('/trusted-publishers');
  return { ok: true, message: `Trusted ${trust.issuer} for ${trust.repositories.join(', ')}.` };
});

export const deleteTrustAction = validatedAction(z.object({ id: z.uuid() }), async ({ id }): Promise<FormState> => {
  await removeTrust(await requireUser(), id);
  revalidatePath('/trusted-publishers');
  return { ok: true, message: 'Trust deleted.' };
});
