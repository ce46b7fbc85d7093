import { parseJson, readBounded } from '@/lib/api/body';
import { exchangeSchema, exchangeIdToken } from '@/lib/oidc/exchange';
import { ExchangeRefusal } from '@/lib/oidc/issuer';
import { isDatabaseUnavailable } from '@/lib/errors';
import { log } from '@/lib/log';
import type { OAuthErrorJson } from '@/lib/registry/shapes';
import { clientIp, userAgent } from '@/lib/request';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const oauthError = (status: number, error: OAuthErrorJson['error'], description: string) =>
  Response.json({ error, error_description: description } satisfies OAuthErrorJson, { status, headers: NO_STORE });

/**
 * `POST /auth/oidc/token` `{"token"}` (SPEC 12, keyless CI): an OIDC ID token for a 15-minute `brt_`
 * token. Refusals are OAuth2's `{error, error_description}` with 401, never a token.
 */
export async function POST(request: Request) {
  try {
    const bytes = await readBounded(request, 64 * 1024);
    if (!bytes) return oauthError(413, 'invalid_request', 'The body is over 64 KiB');
    let body: unknown;
    try {
      body = parseJson(bytes);
    } catch {
      return oauthError(400, 'invalid_request', 'The body is not JSON');
    }
    const parsed = exchangeSchema.safeParse(body);
    if (!parsed.success) return oauthError(400, 'invalid_request', 'Send {"token": "<OIDC ID token>"}');
    const answer = await exchangeIdToken(parsed.data.token, { ip: clientIp(request.headers), userAgent: userAgent(request.headers) });
    return Response.json(answer, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof ExchangeRefusal) return oauthError(401, error.error, error.message);
    if (isDatabaseUnavailable(error)) return oauthError(503, 'temporarily_unavailable', 'Berth cannot reach its database; try again in a moment');
    log.error({ err: error }, 'unhandled error in the OIDC exchange');
    return oauthError(500, 'server_error', 'An internal error occurred');
  }
}
