import { unlockAccount } from '@/lib/accounts/accounts';
import { authenticate } from '@/lib/api/authenticate';
import { route } from '@/lib/api/handler';

type Context = { params: Promise<{ name: string }> };

export const POST = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  await unlockAccount(principal, name);
  return new Response(null, { status: 204 });
});
