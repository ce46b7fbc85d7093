import { db } from '@/db';
import { audit, type RequestInfo } from '@/lib/audit';
import { verifyCredentials, verifyToken, type CredentialResult } from '@/lib/credentials';
import { checkRateLimit, type RateLimits } from '@/lib/rate-limit';
import { looksLikeToken, tokenHint } from '@/lib/tokens';

/** Where a credential arrived: the sign-in form, the REST API, or the registry (token service, /v2). */
export type Channel = 'web' | 'api' | 'registry';

/**
 * Decides a credential and records the outcome, after the rate limits: every failure is audited
 * (`signin.failed` on the form, `auth.failed` elsewhere), and so is a web sign-in that succeeds.
 * With no username, the secret must be an access token (Bearer).
 */
export type AuthResult = CredentialResult | { ok: false; reason: 'throttled'; retryAfter: number };

export async function authenticateSecret(
  input: { username?: string; secret: string },
  request: RequestInfo,
  channel: Channel,
  limits?: RateLimits,
): Promise<AuthResult> {
  const throttle = await checkRateLimit({ username: input.username, token: looksLikeToken(input.secret), ip: request.ip }, limits);
  // Refused unseen, right or wrong, and not counted again: the window runs from the failures.
  if (throttle.limited) return { ok: false, reason: 'throttled', retryAfter: throttle.retryAfter };
  const result =
    input.username === undefined
      ? await verifyToken(input.secret, { ...request })
      : await verifyCredentials(input.username, input.secret, request.ip, request.userAgent);
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
