import { z } from 'zod';
import { accountJson, createAccount, newAccountSchema } from '@/lib/accounts';
import { authenticate } from '@/lib/api/auth';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { decodeCursor, page } from '@/lib/api/pagination';
import { ACCOUNT_FILTERS, listAccounts } from '@/lib/queries/accounts';

// eNZi pages with `start` and `limit` and answers `nextPageStart` in the body.
const listQuery = z.object({
  filter: z.enum(ACCOUNT_FILTERS).default('all'),
  start: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const GET = route(async (request) => {
  await authenticate(request);
  const query = parseOrThrow(listQuery, queryOf(request));
  const after = decodeCursor(query.start, z.string());
  const { rows, next } = await page(
    query.limit,
    (limit) => listAccounts({ filter: query.filter, after, limit }),
    (row) => row.name,
  );
  return Response.json({ accounts: rows.map(accountJson), nextPageStart: next ?? '' });
});

export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const input = await readJson(request, newAccountSchema);
  return Response.json(accountJson(await createAccount(principal, input)), { status: 201 });
});
