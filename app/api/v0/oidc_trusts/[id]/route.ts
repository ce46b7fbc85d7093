import { authenticate } from '@/lib/api/authenticate';
import { route } from '@/lib/api/handler';
import { getTrust, removeTrust } from '@/lib/oidc/trusts';

type Context = { params: Promise<{ id: string }> };

/** `GET /api/v0/oidc_trusts/{id}` (SPEC 12). */
export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  return Response.json(await getTrust(principal, (await context.params).id));
});

/** `DELETE /api/v0/oidc_trusts/{id}`: tokens it minted run out on their own within 15 minutes. */
export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  await removeTrust(principal, (await context.params).id);
  return new Response(null, { status: 200 });
});
