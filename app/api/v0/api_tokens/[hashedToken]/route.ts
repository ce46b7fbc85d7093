import { apiToken, deleteAccessTokens, getAccessToken, hashedTokenSchema, updateAccessToken } from '@/lib/access-tokens/lifecycle';
import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { updateToken } from '@/lib/api/openapi/tokens';
import { ApiError } from '@/lib/errors';

type Context = { params: Promise<{ hashedToken: string }> };

async function tokenId(context: Context): Promise<string> {
  const { hashedToken } = await context.params;
  if (!hashedTokenSchema.safeParse(hashedToken).success) throw new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');
  return hashedToken;
}

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  return Response.json(apiToken(await getAccessToken(principal, await tokenId(context))));
});

export const PATCH = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const id = await tokenId(context);
  const patch = await readJson(request, updateToken.body);
  return Response.json(apiToken(await updateAccessToken(principal, id, patch)));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const deleted = await deleteAccessTokens(principal, [await tokenId(context)]);
  if (deleted === 0) throw new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');
  return new Response(null, { status: 200 });
});
