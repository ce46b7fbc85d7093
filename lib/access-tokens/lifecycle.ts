import { z } from 'zod';
import { db, type Executor } from '@/db';
import type { Account } from '@/db/schema';
import { audit } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { ApiError, invalidParameters, notAuthorized, raceWithDelete } from '@/lib/errors';
import { isSystemAdmin, requireUnrestricted } from '@/lib/auth/principal';
import { repositoriesSchema } from '@/lib/access-tokens/restriction';
import { userByName } from '@/lib/accounts/accounts';
export type { TokenWithOwner } from '@/lib/access-tokens/queries';
import { countTokens, deactivateTokenById, deleteTokens, getToken, insertToken, listTokens, updateToken, type TokenWithOwner } from '@/lib/access-tokens/queries';
import { generateToken, hashToken, tokenHint, TOKEN_SCOPES, type TokenScope } from '@/lib/access-tokens/format';
import type { InventoryFilters } from '@/lib/access-tokens/inventory-queries';
import type { ApiToken } from '@/lib/access-tokens/shapes';
import type { TokenSort } from '@/lib/access-tokens/sort';
import { expiresAtSchema, tokenLabelSchema, type TimeCursor } from '@/lib/validation';

export const newTokenSchema = z
  .object({
    tokenLabel: tokenLabelSchema.default(''),
    expiresAt: expiresAtSchema.nullish(),
    scope: z.enum(TOKEN_SCOPES).default('admin'),
    /** "Temporary password for a locked-out user" (SPEC 10): admins, for another user, within 24 hours. */
    temporary: z.boolean().default(false),
    /** Repository names and `namespace/*` patterns (SPEC 12); empty: unrestricted. */
    repositories: repositoriesSchema.default([]),
  })
  .strict();

/** The longest a temporary password may live, and its expiry when none is chosen. */
export const TEMPORARY_TOKEN_MS = 24 * 60 * 60 * 1000;

export const tokenPatchSchema = z
  .object({ tokenLabel: tokenLabelSchema.optional(), isActive: z.boolean().optional() })
  .strict();

export const hashedTokenSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** MSR's APIToken. */
export function apiToken(row: TokenWithOwner): ApiToken {
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
    // The column's check constraint holds it to TOKEN_SCOPES.
    scope: row.scope as TokenScope,
    lastUsedIp: row.lastUsedIp,
    temporary: row.temporary,
    repositories: row.repositories,
    rotatingUntil: row.rotatingUntil && row.rotatingUntil > new Date() ? row.rotatingUntil.toISOString() : null,
  };
}
export type { ApiToken };

/** A token scoped below admin, or confined to some repositories, cannot manage credentials: it could otherwise mint a wider one. */
export function requireAdminScope(principal: Principal) {
  if (principal.scope !== 'admin') throw notAuthorized(`A ${principal.scope} token cannot manage access tokens`);
  requireUnrestricted(principal, 'access tokens');
}

export const noSuchToken = () => new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');

/** The user whose tokens the principal asks for: themself, or anyone for a system admin. */
export async function tokenOwnerFor(principal: Principal, username?: string): Promise<Account> {
  if (!username || username === principal.user.name) return principal.user;
  if (!isSystemAdmin(principal)) throw notAuthorized("Only an administrator can manage another user's tokens");
  return userByName(username);
}

/** Tokens confined to the principal's own unless they are a system admin. */
export const ownerScope = (principal: Principal) => (isSystemAdmin(principal) ? undefined : principal.user.id);

/** A temporary password is an admin's, for someone else, and ends within 24 hours (by default in 24). */
function temporaryExpiry(principal: Principal, owner: Account, expiresAt: Date | null): Date {
  if (!isSystemAdmin(principal) || owner.id === principal.user.id) {
    throw invalidParameters('Only an administrator can make a temporary password, and only for another user');
  }
  const latest = Date.now() + TEMPORARY_TOKEN_MS;
  if (expiresAt && expiresAt.getTime() > latest) throw invalidParameters('A temporary password expires within 24 hours');
  return expiresAt ?? new Date(latest);
}

export async function createAccessToken(
  principal: Principal,
  input: Omit<z.infer<typeof newTokenSchema>, 'temporary' | 'repositories'> & { temporary?: boolean; repositories?: string[]; username?: string; userAgent?: string },
) {
  requireAdminScope(principal);
  const owner = await tokenOwnerFor(principal, input.username);
  const expiresAt = input.temporary ? temporaryExpiry(principal, owner, input.expiresAt ?? null) : (input.expiresAt ?? null);
  const token = generateToken();
  const row = await db.transaction(async (tx) => {
    const inserted = await insertToken(
      {
        hashedToken: hashToken(token),
        ownerId: owner.id,
        tokenLabel: input.tokenLabel,
        hint: tokenHint(token),
        scope: input.scope,
        expiresAt,
        temporary: input.temporary ?? false,
        repositories: input.repositories ?? [],
        generatedBy: principal.user.name,
        creatorUa: input.userAgent ?? principal.request.userAgent,
      },
      tx,
    );
    await audit(tx, principal, {
      action: 'token.created',
      targetType: 'token',
      target: inserted.hint,
      details: { tokenId: inserted.id, owner: owner.name, tokenLabel: inserted.tokenLabel, scope: inserted.scope, expiresAt: inserted.expiresAt, temporary: inserted.temporary, repositories: inserted.repositories },
    });
    return inserted;
  }).catch((error) => raceWithDelete(error, () => userByName(owner.name)));
  // The only place the plaintext leaves the server: the creation response.
  return { ...apiToken({ ...row, username: owner.name }), token };
}

export async function listAccessTokens(
  principal: Principal,
  opts: { username?: string; after?: TimeCursor; limit: number; filters?: InventoryFilters; sort?: TokenSort },
) {
  requireUnrestricted(principal, 'access tokens');
  // Without a username an admin sees every user's tokens, as DTR does.
  const ownerId = opts.username ? (await tokenOwnerFor(principal, opts.username)).id : ownerScope(principal);
  return listTokens({ ownerId, after: opts.after, limit: opts.limit, filters: opts.filters, sort: opts.sort });
}

export async function countAccessTokens(principal: Principal, username?: string, filters?: InventoryFilters) {
  return countTokens(username ? (await tokenOwnerFor(principal, username)).id : ownerScope(principal), filters);
}

export async function getAccessToken(principal: Principal, hashedToken: string) {
  requireUnrestricted(principal, 'access tokens');
  const row = await getToken(hashedToken, ownerScope(principal));
  if (!row) throw noSuchToken();
  return row;
}

export async function updateAccessToken(principal: Principal, hashedToken: string, patch: z.infer<typeof tokenPatchSchema>) {
  requireAdminScope(principal);
  await db.transaction(async (tx) => {
    // An empty patch still answers 404 for a token the principal cannot see.
    const before = await updateToken(hashedToken, ownerScope(principal), patch, tx);
    if (!before) throw noSuchToken();
    // A secret seen in public never works again (decision 046): the transaction rolls the change back.
    if (patch.isActive && !before.isActive && before.leakedAt) throw invalidParameters('This token was found in public and cannot be turned on again; create a new one');
    const target = { targetType: 'token', target: before.hint } as const;
    if (patch.tokenLabel !== undefined && patch.tokenLabel !== before.tokenLabel) {
      await audit(tx, principal, { action: 'token.updated', ...target, details: { tokenId: before.id, from: before.tokenLabel, to: patch.tokenLabel } });
    }
    if (patch.isActive !== undefined && patch.isActive !== before.isActive) {
      await audit(tx, principal, { action: patch.isActive ? 'token.activated' : 'token.deactivated', ...target, details: { tokenId: before.id } });
    }
  });
  return getAccessToken(principal, hashedToken);
}

/** Deletes the principal's tokens among `hashedTokens`; returns how many went. */
export async function deleteAccessTokens(principal: Principal, hashedTokens: string[]): Promise<number> {
  requireAdminScope(principal);
  return db.transaction(async (tx) => {
    const deleted = await deleteTokens(hashedTokens, ownerScope(principal), tx);
    for (const token of deleted) {
      await audit(tx, principal, { action: 'token.deleted', targetType: 'token', target: token.hint, details: { tokenId: token.id, tokenLabel: token.tokenLabel } });
    }
    return deleted.length;
  });
}

/** A temporary password that set a new password is spent: deactivated, for good (the caller audits it). */
export async function spendTemporaryToken(tokenId: string, executor: Executor) {
  await deactivateTokenById(tokenId, executor);
}
