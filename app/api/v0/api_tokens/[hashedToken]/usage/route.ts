import { hashedTokenSchema } from '@/lib/access-tokens/lifecycle';
import { tokenUsage, usageQuerySchema } from '@/lib/access-tokens/usage';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { ApiError } from '@/lib/errors';

type Context = { params: Promise<{ hashedToken: string }> };

/** A token's pulls, pushes, API calls, sign-ins and distinct addresses per day (SPEC 12): its owner or an admin. */
export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { hashedToken } = await context.params;
  const { days } = parseOrThrow(usageQuerySchema, queryOf(request));
  if (!hashedTokenSchema.safeParse(hashedToken).success) throw new ApiError('NO_SUCH_API_TOKEN', 404, 'No such access token');
  return Response.json(await tokenUsage(principal, hashedToken, days));
});
