import { accountByName, accountJson, accountPatchSchema, changeAccount } from '@/lib/accounts';
import { authenticate } from '@/lib/api/auth';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';

type Context = { params: Promise<{ name: string }> };

export const GET = route<Context>(async (request, context) => {
  await authenticate(request);
  const { name } = await context.params;
  return Response.json(accountJson(await accountByName(name)));
});

export const PATCH = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  const patch = await readJson(request, accountPatchSchema);
  return Response.json(accountJson(await changeAccount(principal, name, patch)));
});
