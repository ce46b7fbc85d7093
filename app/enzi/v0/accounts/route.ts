import { accountsJson, createAccount, listAccounts } from '@/lib/accounts/accounts';
import { createAccount as create, listAccounts as list } from '@/lib/api/openapi/accounts';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { namePage } from '@/lib/api/pagination';

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(list.query, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listAccounts(principal, { filter: query.filter, ...page }), (a) => a.name);
  return Response.json({ accounts: await accountsJson(rows), nextPageStart });
});

export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const input = await readJson(request, create.body);
  const [created] = await accountsJson([await createAccount(principal, input)]);
  return Response.json(created, { status: 201 });
});
