// The one decision of a credential (SPEC 4): a username and a secret, an access token on its own, or
// the claims of a session or registry JWT, checked against the database.
import { db, type Executor } from '@/db';
import type { Account, Token } from '@/db/schema';
import { hashToken, isWellFormedToken, looksLikeToken, type TokenScope } from '@/lib/access-tokens/format';
import { audit } from '@/lib/audit/record';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/passwords';
import type { Principal, SessionClaims } from '@/lib/auth/principal';
import {
  clearFailedPasswords,
  findAccountById,
  findTokenByHash,
  findTokenById,
  findUserByName,
  recordFailedPassword,
  touchToken,
} from '@/lib/auth/queries';
import { config } from '@/lib/config';
import type { RequestInfo } from '@/lib/request';
import { accountNameSchema } from '@/lib/validation';

export type CredentialResult = { ok: true; principal: Principal } | { ok: false; reason: 'invalid' | 'locked' };

const INVALID = { ok: false, reason: 'invalid' } as const;

function tokenUsable(token: Token, owner: Account, now = new Date()): boolean {
  return token.isActive && owner.isActive && !owner.isOrg && !(token.expiresAt && token.expiresAt <= now);
}

function tokenPrincipal(token: Token, owner: Account, request: RequestInfo): Principal {
  return {
    user: owner,
    credential: { kind: 'token', tokenId: token.id, hint: token.hint, generatedBy: token.generatedBy, expiresAt: token.expiresAt },
    scope: token.scope as TokenScope,
    request,
  };
}

/** Last-used time and IP, written at most once a minute per token; the first use is audited. */
async function markUsed(principal: Principal, token: Token) {
  if (token.lastUsed && Date.now() - token.lastUsed.getTime() < 60_000) return;
  if (token.lastUsed) {
    await touchToken(token.id, principal.request.ip);
    return;
  }
  await db.transaction(async (tx) => {
    // Of concurrent first uses, only the one whose write lands records the event.
    if (await touchToken(token.id, principal.request.ip, tx)) {
      await audit(tx, principal, { action: 'token.first_used', targetType: 'token', target: token.hint, details: { tokenId: token.id, owner: principal.user.name } });
    }
  });
}

/**
 * An access token on its own (Bearer) or for a named user (Basic, sign-in). The checksum rejects
 * malformed tokens before any query.
 */
export async function verifyToken(
  secret: string,
  opts: { username?: string; ip: string; userAgent?: string },
): Promise<CredentialResult> {
  if (!isWellFormedToken(secret)) return INVALID;
  const row = await findTokenByHash(hashToken(secret));
  if (!row || !tokenUsable(row.token, row.owner)) return INVALID;
  if (opts.username !== undefined && row.owner.name !== opts.username) return INVALID;
  const principal = tokenPrincipal(row.token, row.owner, { ip: opts.ip, userAgent: opts.userAgent ?? '' });
  await markUsed(principal, row.token);
  return { ok: true, principal };
}

async function verifyUserPassword(username: string, password: string, request: RequestInfo): Promise<CredentialResult> {
  // A name that cannot exist needs no query, but still costs a hash so it cannot be told apart.
  const user = accountNameSchema.safeParse(username).success ? await findUserByName(username) : undefined;
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return INVALID;
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await burnPasswordCheck(password);
    return { ok: false, reason: 'locked' };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const locked = await db.transaction(async (tx) => {
      const lockedUntil = await recordFailedPassword(user.id, config.lockoutThreshold, config.lockoutMs, tx);
      const lockedNow = !!lockedUntil && lockedUntil > new Date();
      if (lockedNow) {
        const actor = { name: user.name, credential: 'password', request };
        await audit(tx, actor, { action: 'user.locked', targetType: 'user', target: user.name, details: { until: lockedUntil.toISOString() } });
      }
      return lockedNow;
    });
    return locked ? { ok: false, reason: 'locked' } : INVALID;
  }
  if (!user.isActive) return INVALID;
  if (user.failedPasswordAttempts > 0) await clearFailedPasswords(user.id);
  return { ok: true, principal: { user, credential: { kind: 'password' }, scope: 'admin', request } };
}

/**
 * The one path that decides a username and secret, wherever they arrive: web sign-in, Basic auth
 * on the API and the registry token service. A secret in token format is decided as a token of
 * that user; anything else as the password.
 */
export async function verifyCredentials(username: string, secret: string, ip: string, userAgent = ''): Promise<CredentialResult> {
  if (looksLikeToken(secret)) return verifyToken(secret, { username, ip, userAgent });
  return verifyUserPassword(username, secret, { ip, userAgent });
}

/** An admin's unlock: password sign-in works again at once. */
export function clearLockout(userId: string, executor: Executor) {
  return clearFailedPasswords(userId, executor);
}

export function sessionClaims(principal: Principal): SessionClaims {
  const { user, credential } = principal;
  return { uid: user.id, cred: credential.kind === 'token' ? credential.tokenId : 'password', cv: user.credentialsVersion, at: Date.now() };
}

/** Whether a row was deactivated at or after the moment a session's credential was verified. */
const deactivatedSince = (row: { deactivatedAt: Date | null }, at: number) => !!row.deactivatedAt && row.deactivatedAt.getTime() >= at;

/**
 * Re-checks a session or a registry JWT against the database: user active, password unchanged, token
 * still usable, and neither deactivated since the sign-in (deactivation sticks: reactivating lets new
 * sign-ins in, never old sessions).
 */
export async function principalFromSession(
  claims: SessionClaims,
  request: RequestInfo = { ip: 'unknown', userAgent: '' },
): Promise<Principal | null> {
  const user = await findAccountById(claims.uid);
  if (!user || user.isOrg || !user.isActive || user.credentialsVersion !== claims.cv || deactivatedSince(user, claims.at)) return null;
  if (claims.cred === 'password') return { user, credential: { kind: 'password' }, scope: 'admin', request };
  const token = await findTokenById(claims.cred);
  if (!token || token.ownerId !== user.id || !tokenUsable(token, user) || deactivatedSince(token, claims.at)) return null;
  return tokenPrincipal(token, user, request);
}
