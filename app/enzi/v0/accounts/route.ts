import { z } from 'zod';
import { accountsJson, createAccount, listAccounts, newAccountSchema } from '@/lib/accounts/accounts';
import { ACCOUNT_FILTERS } from '@/lib/accounts/filters';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { enziPagingSchema, namePage } from '@/lib/api/pagination';

const listQuery = enziPagingSchema.extend({ filter: z.enum(ACCOUNT_FILTERS).default('all') });

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(listQuery, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listAccounts(principal, { filter: query.filter, ...page }), (a) => a.name);
  return Response.json({ accounts: await accountsJson(rows), nextPageStart });
});

export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const input = await readJson(request, newAccountSchema);
  const [created] = await accountsJson([await createAccount(principal, input)]);
  return Response.json(created, { status: 201 });
});
