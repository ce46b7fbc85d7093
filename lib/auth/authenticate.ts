import { createHash } from 'node:crypto';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import type { RequestInfo } from '@/lib/request';
import { ShortCache } from '@/lib/auth/cache';
import { principalFromSession, sessionClaims, verifyCredentials, verifyToken, type CredentialResult } from '@/lib/auth/credentials';
import { type Principal, type SessionClaims } from '@/lib/auth/principal';
import { checkRateLimit, type RateLimits } from '@/lib/auth/rate-limit';
import { looksLikeToken, tokenHint } from '@/lib/access-tokens/format';

/** Where a credential arrived: the sign-in form, the REST API, or the registry (token service, /v2). */
export type Channel = 'web' | 'api' | 'registry';

/**
 * Decides a credential and records the outcome, after the rate limits: every failure is audited
 * (`signin.failed` on the form, `auth.failed` elsewhere), and so is a web sign-in that succeeds.
 * With no username, the secret must be an access token (Bearer).
 */
export type AuthResult = CredentialResult | { ok: false; reason: 'throttled'; retryAfter: number };

/** Attempts (address, username, kind) that the rate limits let through within the last second. */
const unthrottled = new ShortCache<true>();
/** Access tokens that succeeded within the last second, by a hash of username and token. */
const goodTokens = new ShortCache<SessionClaims>();
/** Principals re-read for a session's or a registry JWT's claims within the last second. */
const principals = new ShortCache<Promise<Principal | null>>();

/** The principal behind session claims (a web session, a registry JWT), at most one second old. */
export async function principalForClaims(claims: SessionClaims, request: RequestInfo): Promise<Principal | null> {
  const key = `${claims.uid}|${claims.cred}|${claims.cv}|${claims.at}`;
  let principal = principals.get(key);
  if (!principal) {
    principal = principalFromSession(claims, request);
    principals.set(key, principal);
    principal.catch(() => principals.delete(key));
  }
  const found = await principal;
  // A token may expire within the second; where this request came from is its own.
  const expiresAt = found?.credential.kind === 'token' ? found.credential.expiresAt : null;
  if (expiresAt && expiresAt <= new Date()) return null;
  return found && { ...found, request };
}

async function verify(input: { username?: string; secret: string }, request: RequestInfo): Promise<CredentialResult> {
  if (!looksLikeToken(input.secret)) {
    // A Bearer secret must be a token; a password needs its username.
    if (input.username === undefined) return { ok: false, reason: 'invalid' };
    return verifyCredentials(input.username, input.secret, request.ip, request.userAgent);
  }
  // Only tokens are remembered, as the SHA-256 the database keeps of them anyway; never passwords.
  const key = createHash('sha256').update(`${input.username ?? ''}\0${input.secret}`).digest('base64');
  const claims = goodTokens.get(key);
  const cached = claims && (await principalForClaims(claims, request));
  if (cached) return { ok: true, principal: cached };
  const result =
    input.username === undefined
      ? await verifyToken(input.secret, { ...request })
      : await verifyCredentials(input.username, input.secret, request.ip, request.userAgent);
  if (result.ok) goodTokens.set(key, sessionClaims(result.principal));
  return result;
}

export async function authenticateSecret(
  input: { username?: string; secret: string },
  request: RequestInfo,
  channel: Channel,
  limits?: RateLimits,
): Promise<AuthResult> {
  const attempt = { username: input.username, token: looksLikeToken(input.secret), ip: request.ip };
  const attemptKey = `${attempt.ip}\0${attempt.username ?? ''}\0${attempt.token}`;
  if (limits || !unthrottled.get(attemptKey)) {
    const throttle = await checkRateLimit(attempt, limits);
    // Refused unseen, right or wrong, and not counted again: the window runs from the failures.
    if (throttle.limited) return { ok: false, reason: 'throttled', retryAfter: throttle.retryAfter };
    unthrottled.set(attemptKey, true);
  }
  const result = await verify(input, request);
  if (result.ok) {
    if (channel === 'web') {
      await audit(db, result.principal, { action: 'signin.succeeded', targetType: 'user', target: result.principal.user.name });
    }
    return result;
  }
  const credential = looksLikeToken(input.secret) ? tokenHint(input.secret) : 'password';
  const name = input.username ?? null;
  await audit(db, { name, credential, request }, {
    action: channel === 'web' ? 'signin.failed' : 'auth.failed',
    targetType: 'user',
    target: name ?? '',
    details: { channel, reason: result.reason },
  });
  return result;
}
