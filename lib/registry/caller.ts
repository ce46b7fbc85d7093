// Identifying the caller of a /v2 request: Basic (password or access token), Bearer access token,
// or Bearer JWT from our token service, whose credential is checked again at every request (SPEC 6).
import { parseBasic } from '@/lib/auth/basic';
import type { AuthResult } from '@/lib/auth/authenticate';
import { authenticateSecret, principalForClaims } from '@/lib/auth/authenticate';
import { headerSource, type Caller, type RegistryContext } from '@/lib/registry/context';
import { bearerChallenge, type RegistryError, tooManyRequests, unauthorized } from '@/lib/registry/errors';
import { verifyRegistryToken } from '@/lib/registry/jwt';
import { clientIp, userAgent } from '@/lib/request';
import { looksLikeToken } from '@/lib/access-tokens/format';

/** A refusal for a credential that failed: the rate limit's 429, or 401 with a fresh challenge. */
function refused(result: Exclude<AuthResult, { ok: true }>, challenge: string): RegistryError {
  if (result.reason === 'throttled') return tooManyRequests(result.retryAfter);
  return unauthorized(challenge, result.reason === 'locked' ? 'password sign-in is locked; use an access token' : 'invalid username, password or access token');
}

export async function identify(ctx: RegistryContext): Promise<Caller> {
  const authorization = ctx.req.headers.authorization;
  if (!authorization) return { principal: null, presented: 'none' };
  const space = authorization.indexOf(' ');
  const scheme = authorization.slice(0, space).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  const headers = headerSource(ctx.req.headers);
  const request = { ip: clientIp(headers), userAgent: userAgent(headers) };
  const challenge = bearerChallenge(ctx.origin, ctx.service, undefined, 'invalid_token');
  if (scheme === 'basic') {
    const basic = parseBasic(value);
    if (!basic) throw unauthorized(challenge, 'malformed Basic credentials');
    const result = await authenticateSecret(basic, request, 'registry');
    if (!result.ok) throw refused(result, challenge);
    return { principal: result.principal, presented: 'secret' };
  }
  if (scheme === 'bearer') {
    // An access token works as a Bearer here as on the REST API; anything else must be our JWT.
    if (looksLikeToken(value)) {
      const result = await authenticateSecret({ secret: value }, request, 'registry');
      if (!result.ok) throw refused(result, challenge);
      return { principal: result.principal, presented: 'secret' };
    }
    const claims = await verifyRegistryToken(value, ctx.service);
    if (!claims) throw unauthorized(challenge, 'invalid or expired token');
    if (!claims.credential) return { principal: null, presented: 'bearer', jwtAccess: claims.access };
    const principal = await principalForClaims(claims.credential, request);
    // The credential behind the JWT was revoked, expired or changed: a fresh challenge, not 403.
    if (!principal) throw unauthorized(challenge, 'the credential behind this token is no longer valid');
    return { principal, presented: 'bearer', jwtAccess: claims.access };
  }
  throw unauthorized(bearerChallenge(ctx.origin, ctx.service), 'unsupported authorization scheme');
}
