import { z } from 'zod';
import type { Account } from '@/db/schema';
import type { Principal } from '@/lib/credentials';
import { ApiError, notAuthorized } from '@/lib/errors';
import { isSystemAdmin } from '@/lib/permissions';
import { findUserByName } from '@/lib/queries/accounts';
import { countTokens, deleteTokens, getToken, insertToken, listTokens, updateToken, type TokenWithOwner } from '@/lib/queries/tokens';
import { generateToken, hashToken, tokenHint, TOKEN_SCOPES } from '@/lib/tokens';
import { expiresAtSchema, tokenLabelSchema } from '@/lib/validation';

export const newTokenSchema = z
  .object({
    tokenLabel: tokenLabelSchema.default(''),
    expiresAt: expiresAtSchema.nullish(),
    scope: z.enum(TOKEN_SCOPES).default('admin'),
  })
  .strict();

export const tokenPatchSchema = z
  .object({ tokenLabel: tokenLabelSchema.optional(), isActive: z.boolean().optional() })
  .strict();

export const hashedTokenSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** MSR's APIToken. */
export function apiToken(row: TokenWithOwner) {
  return {
    hashedToken: row.hashedToken,
    tokenLabel: row.tokenLabel,
    isActive: row.isActive,
    lastUsed: row.lastUsed?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    generatedBy: row.generatedBy,
    creatorUa: row.creatorUa,
    username: row.username,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    scope: row.scope,
    lastUsedIp: row.lastUsedIp,
  };
}
export type ApiToken = ReturnType<typeof apiToken>;

/** A token scoped below admin cannot manage credentials: it could otherwise mint a wider one. */
function requireAdminScope(principal: Principal) {
  if (principal.scope !== 'admin') throw notAuthorized(`A ${principal.scope} token cannot manage access tokens`);
}

const noSuchToken = () => new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');

/** The user whose tokens the principal asks for: themself, or anyone for a system admin. */
export async function tokenOwnerFor(principal: Principal, username?: string): Promise<Account> {
  if (!username || username === principal.user.name) return principal.user;
  if (!isSystemAdmin(principal)) throw notAuthorized("Only an administrator can manage another user's tokens");
  const user = await findUserByName(username);
  if (!user) throw new ApiError('NO_SUCH_USER', 404, `No such user: ${username}`);
  return user;
}

/** Tokens confined to the principal's own unless they are a system admin. */
const ownerScope = (principal: Principal) => (isSystemAdmin(principal) ? undefined : principal.user.id);

export async function createAccessToken(
  principal: Principal,
  input: z.infer<typeof newTokenSchema> & { username?: string; userAgent: string },
) {
  requireAdminScope(principal);
  const owner = await tokenOwnerFor(principal, input.username);
  const token = generateToken();
  const row = await insertToken({
    hashedToken: hashToken(token),
    ownerId: owner.id,
    tokenLabel: input.tokenLabel,
    hint: tokenHint(token),
    scope: input.scope,
    expiresAt: input.expiresAt ?? null,
    generatedBy: principal.user.name,
    creatorUa: input.userAgent,
  });
  // The only place the plaintext leaves the server: the creation response.
  return { ...apiToken({ ...row, username: owner.name }), token };
}

export async function listAccessTokens(
  principal: Principal,
  opts: { username?: string; after?: { createdAt: Date; id: string }; limit: number },
) {
  // Without a username an admin sees every user's tokens, as DTR does.
  const ownerId = opts.username ? (await tokenOwnerFor(principal, opts.username)).id : ownerScope(principal);
  return listTokens({ ownerId, after: opts.after, limit: opts.limit });
}

export async function countAccessTokens(principal: Principal, username?: string) {
  return countTokens(username ? (await tokenOwnerFor(principal, username)).id : ownerScope(principal));
}

export async function getAccessToken(principal: Principal, hashedToken: string) {
  const row = await getToken(hashedToken, ownerScope(principal));
  if (!row) throw noSuchToken();
  return row;
}

export async function updateAccessToken(principal: Principal, hashedToken: string, patch: z.infer<typeof tokenPatchSchema>) {
  requireAdminScope(principal);
  const changed = Object.keys(patch).length === 0 || (await updateToken(hashedToken, ownerScope(principal), patch));
  if (!changed) throw noSuchToken();
  return getAccessToken(principal, hashedToken);
}

/** Deletes the principal's tokens among `hashedTokens`; returns how many went. */
export async function deleteAccessTokens(principal: Principal, hashedTokens: string[]) {
  requireAdminScope(principal);
  return deleteTokens(hashedTokens, ownerScope(principal));
}
