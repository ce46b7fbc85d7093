import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { createTrustOperation } from '@/lib/api/openapi/oidc';
import { createTrust, listTrusts } from '@/lib/oidc/trusts';

/** `GET /api/v0/oidc_trusts` (SPEC 12): the trusts the caller may manage. */
export const GET = route(async (request) => {
  const principal = await authenticate(request);
  return Response.json(await listTrusts(principal));
});

/** `POST /api/v0/oidc_trusts`: registers a trust. */
export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const body = await readJson(request, createTrustOperation.body);
  return Response.json(await createTrust(principal, body));
});
