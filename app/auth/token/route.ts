// The registry token service (SPEC 6): Basic password or access token in, short-lived ES256 JWT out.
import { parseBasic } from '@/lib/auth/basic';
import { readBounded } from '@/lib/api/body';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { type Principal } from '@/lib/auth/principal';
import { registryService } from '@/lib/registry/access';
import { RegistryError, registryErrorFor, tooManyRequests } from '@/lib/registry/errors';
import type { OAuthErrorJson, OAuthTokenJson, RegistryTokenJson } from '@/lib/registry/shapes';
import { issueRegistryToken, refusal } from '@/lib/registry/token-service';
import { formatScope, MAX_SCOPES, parseScopes } from '@/lib/registry/scopes';
import { clientIp, userAgent } from '@/lib/request';

export const dynamic = 'force-dynamic';

const MAX_FORM_BYTES = 64 * 1024;
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const requestInfo = (request: Request) => ({ ip: clientIp(request.headers), userAgent: userAgent(request.headers) });

const TOO_MANY_SCOPES = `a token request may name at most ${MAX_SCOPES} resources`;

async function tokenRequest(request: Request) {
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
  const { token, expiresIn, issuedAt } = await issueRegistryToken(principal, scopes, service);
  return Response.json(
    { token, access_token: token, expires_in: expiresIn, issued_at: issuedAt } satisfies RegistryTokenJson,
    { headers: NO_STORE },
  );
}

function oauthError(status: number, error: OAuthErrorJson['error'], description: string) {
  return Response.json({ error, error_description: description } satisfies OAuthErrorJson, { status, headers: NO_STORE });
}

/** OAuth2 password grant (containerd): form in, `access_token` and the granted `scope` out. */
async function passwordGrant(request: Request) {
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
        { error: 'slow_down', error_description: refusal(result) } satisfies OAuthErrorJson,
        { status: 429, headers: { ...NO_STORE, 'Retry-After': String(result.retryAfter) } },
      );
    }
    return oauthError(401, 'invalid_grant', refusal(result));
  }
  const { token, expiresIn, issuedAt, access } = await issueRegistryToken(result.principal, scopes, registryService(request.headers));
  return Response.json(
    { access_token: token, scope: access.map(formatScope).join(' '), expires_in: expiresIn, issued_at: issuedAt, token_type: 'Bearer' } satisfies OAuthTokenJson,
    { headers: NO_STORE },
  );
}

const where = (request: Request) => `${request.method} /auth/token`;

/** The registry's form: its error envelope for anything unexpected, 503 UNAVAILABLE without the database. */
export async function GET(request: Request) {
  try {
    return await tokenRequest(request);
  } catch (error) {
    return registryErrorFor(error, where(request)).toResponse();
  }
}

/** OAuth2's form (RFC 6749 5.2) for anything unexpected: `temporarily_unavailable` without the database. */
export async function POST(request: Request) {
  try {
    return await passwordGrant(request);
  } catch (error) {
    const fault = registryErrorFor(error, where(request));
    return Response.json(
      { error: fault.status === 503 ? 'temporarily_unavailable' : 'server_error', error_description: fault.message } satisfies OAuthErrorJson,
      { status: fault.status, headers: { ...NO_STORE, ...fault.headers } },
    );
  }
}
