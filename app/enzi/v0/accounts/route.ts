import { z } from 'zod';
import { accountsJson, createAccount, newAccountSchema } from '@/lib/accounts';
import { authenticate } from '@/lib/api/auth';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { enziPagingSchema, namePage } from '@/lib/api/pagination';
import { ACCOUNT_FILTERS, listAccounts } from '@/lib/queries/accounts';

const listQuery = enziPagingSchema.extend({ filter: z.enum(ACCOUNT_FILTERS).default('all') });

export const GET = route(async (request) => {
  await authenticate(request);
  const query = parseOrThrow(listQuery, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listAccounts({ filter: query.filter, ...page }), (a) => a.name);
  return Response.json({ accounts: await accountsJson(rows), nextPageStart });
});

export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const input = await readJson(request, newAccountSchema);
  const [created] = await accountsJson([await createAccount(principal, input)]);
  return Response.json(created, { status: 201 });
});
