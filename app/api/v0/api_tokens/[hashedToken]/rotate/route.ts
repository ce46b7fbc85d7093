import { hashedTokenSchema } from '@/lib/access-tokens/lifecycle';
import { rotateAccessToken, rotateSchema } from '@/lib/access-tokens/rotation';
import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { ApiError } from '@/lib/errors';

type Context = { params: Promise<{ hashedToken: string }> };

/** `POST /api/v0/api_tokens/{hashedToken}/rotate` `{"gracePeriodHours"?}` (SPEC 12): the new secret, once. */
export const POST = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { hashedToken } = await context.params;
  if (!hashedTokenSchema.safeParse(hashedToken).success) throw new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');
  const body = await readJson(request, rotateSchema);
  const rotated = await rotateAccessToken(principal, hashedToken, body);
  return Response.json(rotated, { headers: { 'Cache-Control': 'no-store' } });
});
