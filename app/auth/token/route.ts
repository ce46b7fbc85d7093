// The registry token service (SPEC 6): Basic password or access token in, short-lived ES256 JWT out.
import { parseBasic } from '@/lib/api/auth';
import { readBounded } from '@/lib/api/body';
import { authenticateSecret, type AuthResult } from '@/lib/authentication';
import { sessionClaims, type Principal } from '@/lib/credentials';
import { grantScopes, registryService } from '@/lib/registry/access';
import { RegistryError, tooManyRequests } from '@/lib/registry/errors';
import { signRegistryToken } from '@/lib/registry/jwt';
import { formatScope, MAX_SCOPES, parseScopes, type ResourceAccess } from '@/lib/registry/scopes';
import { clientIp, userAgent } from '@/lib/request';

export const dynamic = 'force-dynamic';

const MAX_FORM_BYTES = 64 * 1024;
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const requestInfo = (request: Request) => ({ ip: clientIp(request.headers), userAgent: userAgent(request.headers) });

function refusal(result: Exclude<AuthResult, { ok: true }>): string {
  if (result.reason === 'throttled') return `too many failed sign-in attempts; try again in ${result.retryAfter} seconds`;
  return result.reason === 'locked'
    ? 'password sign-in is locked after repeated failures; use an access token or ask an administrator to unlock the account'
    : 'invalid username, password or access token';
}

async function issue(principal: Principal | null, scopes: ResourceAccess[], service: string) {
  const access = await grantScopes(principal, scopes);
  const signed = await signRegistryToken(
    { sub: principal?.user.name ?? '', access, credential: principal ? sessionClaims(principal) : undefined },
    service,
  );
  return { ...signed, access };
}

const TOO_MANY_SCOPES = `a token request may name at most ${MAX_SCOPES} resources`;

export async function GET(request: Request) {
  const url = new URL(request.url);
  const service = registryService(request.headers);
  const scopes = parseScopes(url.searchParams.getAll('scope'));
  if (scopes.length > MAX_SCOPES) return new RegistryError('UNSUPPORTED', 400, TOO_MANY_SCOPES).toResponse();
  let principal: Principal | null = null;
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const [scheme, value = ''] = authorization.split(/\s+/, 2);
    const basic = scheme.toLowerCase() === 'basic' ? parseBasic(value) : null;
    if (!basic) {
      return new RegistryError('UNAUTHORIZED', 401, 'use Basic authentication with a username and a password or access token', {
        'WWW-Authenticate': 'Basic realm="berth"',
      }).toResponse();
    }
    const result = await authenticateSecret(basic, requestInfo(request), 'registry');
    // Bad credentials are refused outright, never answered with an anonymous token.
    if (!result.ok) {
      if (result.reason === 'throttled') return tooManyRequests(result.retryAfter).toResponse();
      return new RegistryError('UNAUTHORIZED', 401, refusal(result), { 'WWW-Authenticate': 'Basic realm="berth"' }).toResponse();
    }
    principal = result.principal;
  }
  const { token, expiresIn, issuedAt } = await issue(principal, scopes, service);
  return Response.json(
    { token, access_token: token, expires_in: expiresIn, issued_at: issuedAt },
    { headers: NO_STORE },
  );
}

function oauthError(status: number, error: string, description: string) {
  return Response.json({ error, error_description: description }, { status, headers: NO_STORE });
}

/** OAuth2 password grant (containerd): form in, `access_token` and the granted `scope` out. */
export async function POST(request: Request) {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'send an application/x-www-form-urlencoded form');
  }
  const bytes = await readBounded(request, MAX_FORM_BYTES);
  if (!bytes) return oauthError(413, 'invalid_request', 'the form is too large');
  const form = new URLSearchParams(Buffer.from(bytes).toString('utf8'));
  const grantType = form.get('grant_type');
  if (grantType !== 'password') {
    return oauthError(400, 'unsupported_grant_type', 'only grant_type=password is supported');
  }
  const scopes = parseScopes(form.getAll('scope'));
  if (scopes.length > MAX_SCOPES) return oauthError(400, 'invalid_scope', TOO_MANY_SCOPES);
  const username = form.get('username');
  const password = form.get('password');
  if (!username || !password) return oauthError(400, 'invalid_request', 'username and password are required');
  const result = await authenticateSecret({ username, secret: password }, requestInfo(request), 'registry');
  if (!result.ok) {
    if (result.reason === 'throttled') {
      return Response.json(
        { error: 'slow_down', error_description: refusal(result) },
        { status: 429, headers: { ...NO_STORE, 'Retry-After': String(result.retryAfter) } },
      );
    }
    return oauthError(401, 'invalid_grant', refusal(result));
  }
  const { token, expiresIn, issuedAt, access } = await issue(result.principal, scopes, registryService(request.headers));
  return Response.json(
    { access_token: token, scope: access.map(formatScope).join(' '), expires_in: expiresIn, issued_at: issuedAt, token_type: 'Bearer' },
    { headers: NO_STORE },
  );
}
