// The one decision of a credential (SPEC 4): a username and a secret, an access token on its own, or
// the claims of a session or registry JWT, checked against the database.
import { db, type Executor } from '@/db';
import type { Account, Token } from '@/db/schema';
import { hashToken, isWellFormedToken, looksLikeToken, type TokenScope } from '@/lib/access-tokens/format';
import { audit } from '@/lib/audit/record';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/passwords';
import type { Principal, SessionClaims } from '@/lib/auth/principal';
import { clearUsername, configuredLimits, reservePassword, tokenAllowed, tokenFailed, type Limits, type Refusal } from '@/lib/auth/attempts';
import { findAccountById, findRetiredSecret, findTokenByHash, findTokenById, findUserByName, touchToken } from '@/lib/auth/queries';
import { recordedName } from '@/lib/auth/recorded-name';
import type { RequestInfo } from '@/lib/request';

export type CredentialResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' | 'locked' }
  | { ok: false; reason: 'throttled'; retryAfter: number };

/** A refusal of the limits as the credential path answers it: a lock says nothing of when it ends. */
const refusedBy = (refusal: Refusal): CredentialResult =>
  refusal.reason === 'locked' ? LOCKED : { ok: false, reason: 'throttled', retryAfter: refusal.retryAfter };

const INVALID = { ok: false, reason: 'invalid' } as const;
const LOCKED = { ok: false, reason: 'locked' } as const;

function tokenUsable(token: Token, owner: Account, now = new Date()): boolean {
  return token.isActive && owner.isActive && !owner.isOrg && !(token.expiresAt && token.expiresAt <= now);
}

/**
 * Whether the secret of `generation` still opens the token: the current one, or the previous one
 * until the grace period of the last rotation ends (SPEC 12; a second rotation ends the older grace).
 */
export function secretLive(token: Token, generation: number, now = new Date()): boolean {
  if (generation === token.secretGeneration) return true;
  return generation === token.secretGeneration - 1 && !!token.rotatingUntil && token.rotatingUntil > now;
}

/** The principal of a token whose secret of `generation` was presented (the current one by default). */
export function tokenPrincipal(token: Token, owner: Account, request: RequestInfo, generation = token.secretGeneration): Principal {
  const graceUntil = generation === token.secretGeneration ? null : token.rotatingUntil;
  return {
    user: owner,
    credential: {
      kind: 'token',
      tokenId: token.id,
      hint: token.hint,
      generatedBy: token.generatedBy,
      expiresAt: token.expiresAt,
      temporary: token.temporary,
      repositories: token.repositories,
      generation,
      graceUntil,
    },
    scope: token.scope as TokenScope,
    request,
  };
}

/**
 * A secret that is no token's current one: the previous generation within its grace period opens
 * the token; any other secret a rotation replaced is refused and audited (SPEC 12).
 */
async function retiredSecret(hashedToken: string, request: RequestInfo, channel?: string) {
  const row = await findRetiredSecret(hashedToken);
  if (!row) return undefined;
  if (secretLive(row.token, row.retired.generation)) return { token: row.token, owner: row.owner, generation: row.retired.generation };
  await audit(db, { name: row.owner.name, credential: row.retired.hint, request }, {
    action: 'token.reuse_after_rotation',
    targetType: 'token',
    target: row.token.hint,
    details: { tokenId: row.token.id, owner: row.owner.name, generation: row.retired.generation, retiredAt: row.retired.retiredAt.toISOString(), channel },
  });
  return undefined;
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
 * malformed tokens before any query; a failure counts toward the client address's limit.
 */
export async function verifyToken(
  secret: string,
  opts: { username?: string; ip: string; userAgent?: string; channel?: string },
  limits: Limits = configuredLimits(),
): Promise<CredentialResult> {
  const name = opts.username === undefined ? null : await recordedName(opts.username);
  const refused = await tokenAllowed(opts.ip, name, limits);
  if (refused) return refusedBy(refused);
  const request = { ip: opts.ip, userAgent: opts.userAgent ?? '' };
  const hashed = isWellFormedToken(secret) ? hashToken(secret) : undefined;
  const current = hashed ? await findTokenByHash(hashed) : undefined;
  const row = current ? { ...current, generation: current.token.secretGeneration } : hashed ? await retiredSecret(hashed, request, opts.channel) : undefined;
  if (!row || !tokenUsable(row.token, row.owner) || (opts.username !== undefined && row.owner.name !== opts.username)) {
    const full = await tokenFailed(opts.ip, limits);
    return full ? refusedBy(full) : INVALID;
  }
  const principal = tokenPrincipal(row.token, row.owner, request, row.generation);
  await markUsed(principal, row.token);
  return { ok: true, principal };
}

/**
 * A password, checked only once its attempt holds a place under the limits (attempts.ts). An unknown
 * or locked name costs and answers exactly what a known one does, so names cannot be enumerated.
 */
export async function verifyUserPassword(username: string, password: string, request: RequestInfo, limits: Limits): Promise<CredentialResult> {
  const name = await recordedName(username);
  const attempt = await reservePassword(name, request.ip, limits);
  if ('reason' in attempt) return refusedBy(attempt);
  // A name that cannot exist needs no query, but still costs a hash so it cannot be told apart.
  const user = name === username ? await findUserByName(username) : undefined;
  let right = false;
  if (user?.passwordHash) right = await verifyPassword(user.passwordHash, password);
  else await burnPasswordCheck(password);
  const settled = await attempt.settle(right && user?.isActive ? 'succeeded' : 'failed');
  if (settled.lockedUntil) {
    const actor = { name, credential: 'password', request };
    await audit(db, actor, { action: 'user.locked', targetType: 'user', target: name, details: { until: settled.lockedUntil.toISOString() } });
    return LOCKED;
  }
  // A right password whose username locked while it was checked is refused like the burst around it.
  if (settled.refused) return LOCKED;
  if (!right || !user?.isActive) return INVALID;
  return { ok: true, principal: { user, credential: { kind: 'password' }, scope: 'admin', request } };
}

/**
 * The one path that decides a username and secret, wherever they arrive: web sign-in, Basic auth
 * on the API and the registry token service. A secret in token format is decided as a token of
 * that user; anything else as the password.
 */
export async function verifyCredentials(
  username: string,
  secret: string,
  ip: string,
  userAgent = '',
  limits: Limits = configuredLimits(),
  channel?: string,
): Promise<CredentialResult> {
  if (looksLikeToken(secret)) return verifyToken(secret, { username, ip, userAgent, channel }, limits);
  return verifyUserPassword(username, secret, { ip, userAgent }, limits);
}

/** An admin's unlock, or a new password: the username's lock and counted failures go at once. */
export function clearLockout(username: string, executor: Executor) {
  return clearUsername(username, executor);
}

export function sessionClaims(principal: Principal): SessionClaims {
  const { user, credential } = principal;
  const token = credential.kind === 'token';
  return { uid: user.id, cred: token ? credential.tokenId : 'password', cv: user.credentialsVersion, at: Date.now(), ...(token ? { gen: credential.generation } : {}) };
}

/** Whether a row was deactivated at or after the moment a session's credential was verified. */
const deactivatedSince = (row: { deactivatedAt: Date | null }, at: number) => !!row.deactivatedAt && row.deactivatedAt.getTime() >= at;

/**
 * Whether a sign-in made at `since` still holds: the user active (and no organization), the token it
 * used (if any) still usable, the secret it used (of `generation`) not rotated away, and neither
 * deactivated since (deactivation sticks: reactivating lets new sign-ins in, never old sessions or JWTs).
 */
export function usableSince(user: Account, token: Token | null, since: number, generation = 1): boolean {
  if (user.isOrg || !user.isActive || deactivatedSince(user, since)) return false;
  return !token || (token.ownerId === user.id && tokenUsable(token, user) && !deactivatedSince(token, since) && secretLive(token, generation));
}

/** Re-checks a registry JWT's (or a remembered token's) claims against the database: see `usableSince`. */
export async function principalFromSession(
  claims: SessionClaims,
  request: RequestInfo = { ip: 'unknown', userAgent: '' },
): Promise<Principal | null> {
  const user = await findAccountById(claims.uid);
  if (!user || user.credentialsVersion !== claims.cv || !usableSince(user, null, claims.at)) return null;
  if (claims.cred === 'password') return { user, credential: { kind: 'password' }, scope: 'admin', request };
  const token = await findTokenById(claims.cred);
  const generation = claims.gen ?? 1;
  if (!token || !usableSince(user, token, claims.at, generation)) return null;
  return tokenPrincipal(token, user, request, generation);
}
