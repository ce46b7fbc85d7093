import { accountByName, accountsJson, changeAccount, deleteAccount } from '@/lib/accounts/accounts';
import { updateAccount } from '@/lib/api/openapi/accounts';
import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';

type Context = { params: Promise<{ name: string }> };

export const GET = route<Context>(async (request, context) => {
  await authenticate(request);
  const { name } = await context.params;
  const [account] = await accountsJson([await accountByName(name)]);
  return Response.json(account);
});

export const PATCH = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  const patch = await readJson(request, updateAccount.body);
  const [account] = await accountsJson([await changeAccount(principal, name, patch)]);
  return Response.json(account);
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  await deleteAccount(principal, name);
  return new Response(null, { status: 204 });
});
