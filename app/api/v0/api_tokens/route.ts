import { z } from 'zod';
import { inventoryFilterSchema } from '@/lib/access-tokens/inventory';
import { apiToken, countAccessTokens, createAccessToken, listAccessTokens, newTokenSchema } from '@/lib/access-tokens/lifecycle';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { decodeCursor, page, pageHeaders, pagingSchema } from '@/lib/api/pagination';
import { timeCursorSchema } from '@/lib/validation';
import { userAgent } from '@/lib/request';
import { accountNameSchema } from '@/lib/validation';

// The credentials inventory's filters (SPEC 12) narrow the same list, for admins across every user.
const listQuery = pagingSchema.extend({ username: accountNameSchema.optional(), ...inventoryFilterSchema.shape });
const createQuery = z.object({ username: accountNameSchema.optional() });

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(listQuery, queryOf(request));
  const { pageSize: _size, pageStart: _start, count: _count, username: _username, ...filters } = query;
  const after = decodeCursor(query.pageStart, timeCursorSchema);
  const { rows, next } = await page(
    query.pageSize,
    (limit) => listAccessTokens(principal, { username: query.username, after, limit, filters }),
    (row) => ({ at: row.cursorAt, id: row.id }),
  );
  const count = query.count ? await countAccessTokens(principal, query.username, filters) : undefined;
  return Response.json(rows.map(apiToken), { headers: pageHeaders(next, count) });
});

export const POST = route(async (request) => {
  const principal = await authenticate(request);
  const { username } = parseOrThrow(createQuery, queryOf(request));
  const body = await readJson(request, newTokenSchema);
  const created = await createAccessToken(principal, { ...body, username, userAgent: userAgent(request.headers) });
  return Response.json(created, { headers: { 'Cache-Control': 'no-store' } });
});
