import { parseBasic } from '@/lib/auth/basic';
import { authenticateSecret, type AuthResult } from '@/lib/auth/authenticate';
import { principalFromWebSession } from '@/lib/auth/web-sessions';
import { type Principal } from '@/lib/auth/principal';
import { ApiError, notAuthenticated } from '@/lib/errors';
import { clientIp, publicOrigin, userAgent } from '@/lib/request';
import { decodeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // malformed percent-encoding: no session of ours
      }
    }
  }
  return undefined;
}

function principalOrThrow(result: AuthResult): Principal {
  if (result.ok) return result.principal;
  if (result.reason === 'throttled') {
    throw new ApiError('TOO_MANY_REQUESTS', 429, `Too many failed sign-in attempts; try again in ${result.retryAfter} seconds`, {
      'Retry-After': String(result.retryAfter),
    });
  }
  if (result.reason === 'locked') {
    throw notAuthenticated('Password sign-in is locked after repeated failures; use an access token or ask an administrator to unlock the account');
  }
  throw notAuthenticated('Invalid username, password or access token');
}

/** A cookie-authenticated unsafe request must come from our own pages (CSRF). */
function assertSameOrigin(request: Request) {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const sameOrigin = origin ? origin === publicOrigin(request.headers) : site === 'same-origin';
  if (!sameOrigin) throw new ApiError('NOT_AUTHORIZED', 403, 'Cross-origin request refused');
}

/**
 * Who is calling the API: Basic (password or token), Bearer (token) or the web session cookie.
 * Every credential is decided by the same functions as the sign-in form.
 */
export async function authenticate(request: Request): Promise<Principal> {
  const info = { ip: clientIp(request.headers), userAgent: userAgent(request.headers) };
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const space = authorization.indexOf(' ');
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'basic') {
      const basic = parseBasic(value);
      if (!basic) throw notAuthenticated('Malformed Basic credentials');
      return principalOrThrow(await authenticateSecret(basic, info, 'api'));
    }
    if (scheme === 'bearer') return principalOrThrow(await authenticateSecret({ secret: value }, info, 'api'));
    throw notAuthenticated('Unsupported authorization scheme');
  }
  const cookies = request.headers.get('cookie');
  const claims = await decodeSession(cookieValue(cookies, SECURE_SESSION_COOKIE) ?? cookieValue(cookies, SESSION_COOKIE));
  const principal = claims && (await principalFromWebSession(claims.sid, info));
  if (!principal) throw notAuthenticated();
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  return principal;
}
