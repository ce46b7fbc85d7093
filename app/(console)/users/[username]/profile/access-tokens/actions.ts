'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createAccessToken, deleteAccessTokens, hashedTokenSchema, updateAccessToken } from '@/lib/access-tokens/lifecycle';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { userAgent } from '@/lib/request';
import { requireUser } from '@/lib/auth/session';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';
import { MAX_RESTRICTIONS, repositoriesSchema, repositoryPatternSchema, splitPatterns } from '@/lib/access-tokens/restriction';
import { tokenListHrefFrom } from './list-href';
import { accountNameSchema, expiresAtSchema, tokenLabelSchema } from '@/lib/validation';

const DAY = 24 * 60 * 60 * 1000;

const createSchema = z
  .object({
    username: accountNameSchema,
    tokenLabel: tokenLabelSchema,
    expires: z.enum(['never', '30', '90', 'date']).default('never'),
    expiresOn: z.string().optional(),
    scope: z.enum(TOKEN_SCOPES).default('admin'),
    temporary: z.literal('on').optional(),
    repositories: z.string().max(40_000).default(''),
  })
  .transform((v, ctx) => {
    let expiresAt: Date | null = null;
    if (v.expires === '30' || v.expires === '90') expiresAt = new Date(Date.now() + Number(v.expires) * DAY);
    if (v.expires === 'date') {
      const parsed = expiresAtSchema.safeParse(v.expiresOn ?? '');
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Choose a date in the future' });
        return z.NEVER;
      }
      expiresAt = parsed.data;
    }
    const patterns = splitPatterns(v.repositories);
    const repositories = repositoriesSchema.safeParse(patterns);
    if (!repositories.success) {
      const bad = patterns.find((p) => !repositoryPatternSchema.safeParse(p).success);
      const message = bad === undefined ? `At most ${MAX_RESTRICTIONS} repositories` : `“${bad.slice(0, 80)}” is not namespace/name or namespace/*`;
      ctx.addIssue({ code: 'custom', path: ['repositories'], message });
      return z.NEVER;
    }
    return { username: v.username, tokenLabel: v.tokenLabel, scope: v.scope, expiresAt, temporary: v.temporary === 'on', repositories: repositories.data };
  });

export type CreateTokenState = FormState & { token?: string; username?: string };

/** Creates a token; the plaintext goes back in this one response and nowhere else. */
export const createToken = validatedAction(createSchema, async (input): Promise<CreateTokenState> => {
  const principal = await requireUser();
  const created = await createAccessToken(principal, { ...input, userAgent: userAgent(await headers()) });
  revalidatePath(`/users/${input.username}/profile/access-tokens`);
  return { ok: true, token: created.token, username: created.username };
});

const updateSchema = z.object({
  username: accountNameSchema,
  hashedToken: hashedTokenSchema,
  tokenLabel: tokenLabelSchema,
  isActive: z.literal('on').optional(),
  /** The list the details were opened from; only its search, order and page are kept (list-href.ts). */
  list: z.string().max(2000).default(''),
});

export const updateToken = validatedAction(updateSchema, async (input): Promise<FormState> => {
  const principal = await requireUser();
  await updateAccessToken(principal, input.hashedToken, { tokenLabel: input.tokenLabel, isActive: input.isActive === 'on' });
  // The tab, as it was, says what was saved, and focus goes back to the token's View details.
  redirect(`${tokenListHrefFrom(input.username, input.list)}&saved=${input.hashedToken}`);
});

const deleteSchema = z.object({
  username: accountNameSchema,
  confirm: z.literal('delete', { message: 'Type delete to confirm' }),
});

export const deleteTokens = validatedAction(deleteSchema, async ({ username }, formData): Promise<FormState> => {
  const hashes = z.array(hashedTokenSchema).min(1).max(100).safeParse(formData.getAll('hashedToken'));
  if (!hashes.success) return { error: 'Select the tokens to delete.' };
  const principal = await requireUser();
  const deleted = await deleteAccessTokens(principal, hashes.data);
  revalidatePath(`/users/${username}/profile/access-tokens`);
  return { ok: true, message: `Deleted ${deleted} access token${deleted === 1 ? '' : 's'}.` };
});
