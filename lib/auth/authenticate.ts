import { createHash } from 'node:crypto';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import type { RequestInfo } from '@/lib/request';
import { ShortCache } from '@/lib/auth/cache';
// Announces this instance's revocations to the others, and empties its caches on theirs.
import '@/lib/auth/revocations';
import { principalFromSession, sessionClaims, verifyCredentials, verifyToken, verifyUserPassword, type CredentialResult } from '@/lib/auth/credentials';
import { type Principal, type SessionClaims } from '@/lib/auth/principal';
import { configuredLimits, type Limits } from '@/lib/auth/attempts';
import { recordedName } from '@/lib/auth/recorded-name';
import { looksLikeToken, tokenHint } from '@/lib/access-tokens/format';
import { countTokenUse } from '@/lib/access-tokens/usage-counter';

/** Where a credential arrived: the sign-in form, the REST API, or the registry (token service, /v2). */
export type Channel = 'web' | 'api' | 'registry';

/** The outcome of a credential, as every entry answers it. */
export type AuthResult = CredentialResult;

/** Access tokens that succeeded within the last second, by a hash of address, username and token. */
const goodTokens = new ShortCache<SessionClaims>('good-tokens');
/** Principals re-read for a session's or a registry JWT's claims within the last second. */
const principals = new ShortCache<Promise<Principal | null>>('principals');

/** The principal behind session claims (a web session, a registry JWT), at most one second old. */
export async function principalForClaims(claims: SessionClaims, request: RequestInfo): Promise<Principal | null> {
  const key = `${claims.uid}|${claims.cred}|${claims.cv}|${claims.at}|${claims.gen ?? 1}`;
  let principal = principals.get(key);
  if (!principal) {
    principal = principalFromSession(claims, request);
    principals.set(key, principal);
    principal.catch(() => principals.delete(key));
  }
  const found = await principal;
  // A token may expire, or its rotated-away secret's grace end, within the second; where this request came from is its own.
  const now = new Date();
  const ends = found?.credential.kind === 'token' ? [found.credential.expiresAt, found.credential.graceUntil] : [];
  if (ends.some((end) => end && end <= now)) return null;
  return found && { ...found, request };
}

async function verify(input: { username?: string; secret: string }, request: RequestInfo, limits: Limits, channel: Channel): Promise<CredentialResult> {
  if (!looksLikeToken(input.secret)) {
    // A Bearer secret must be a token; a password needs its username.
    if (input.username === undefined) return (await verifyToken(input.secret, { ...request, channel }, limits)) as CredentialResult;
    return verifyCredentials(input.username, input.secret, request.ip, request.userAgent, limits, channel);
  }
  // Only tokens are remembered, as the SHA-256 the database keeps of them anyway; never passwords. A
  // token remembered here cannot be a guess, so it passes without counting; per address, since the
  // limits of one address must not be passed by a success at another.
  const key = createHash('sha256').update(`${request.ip}\0${input.username ?? ''}\0${input.secret}`).digest('base64');
  const claims = goodTokens.get(key);
  const cached = claims && (await principalForClaims(claims, request));
  if (cached) return { ok: true, principal: cached };
  const result =
    input.username === undefined
      ? await verifyToken(input.secret, { ...request, channel }, limits)
      : await verifyCredentials(input.username, input.secret, request.ip, request.userAgent, limits, channel);
  if (result.ok) goodTokens.set(key, sessionClaims(result.principal));
  return result;
}

/**
 * Decides a credential and records the outcome: the limits are counted by the credential path
 * itself (attempts.ts); every failure is audited (`signin.failed` on the form, `auth.failed`
 * elsewhere), and so is a web sign-in that succeeds. An attempt refused by a full window is not
 * audited: it was never decided. With no username, the secret must be an access token (Bearer).
 */
export async function authenticateSecret(
  input: { username?: string; secret: string },
  request: RequestInfo,
  channel: Channel,
  limits?: Partial<Limits>,
): Promise<AuthResult> {
  const result = await verify(input, request, { ...configuredLimits(), ...limits }, channel);
  if (result.ok) {
    // A token's use, counted in memory: a sign-in, an API call, or (registry) only where it came from.
    countTokenUse(result.principal, channel === 'web' ? 'signIns' : channel === 'api' ? 'apiCalls' : null);
    if (channel === 'web') {
      await audit(db, result.principal, { action: 'signin.succeeded', targetType: 'user', target: result.principal.user.name });
    }
    return result;
  }
  if (result.reason === 'throttled') return result;
  const credential = looksLikeToken(input.secret) ? tokenHint(input.secret) : 'password';
  const name = input.username === undefined ? null : await recordedName(input.username);
  await audit(db, { name, credential, request }, {
    action: channel === 'web' ? 'signin.failed' : 'auth.failed',
    targetType: 'user',
    target: name ?? '',
    details: { channel, reason: result.reason },
  });
  return result;
}

/**
 * The current-password check of a password change: counted toward the lockout and the limits like a
 * sign-in, and audited when it fails. Only the password will do, never a token.
 */
export async function confirmCurrentPassword(principal: Principal, password: string): Promise<AuthResult> {
  const result = await verifyUserPassword(principal.user.name, password, principal.request, configuredLimits());
  if (!result.ok && result.reason !== 'throttled') {
    await audit(db, { name: principal.user.name, credential: 'password', request: principal.request }, {
      action: 'auth.failed',
      targetType: 'user',
      target: principal.user.name,
      details: { channel: 'password-change', reason: result.reason },
    });
  }
  return result;
}
