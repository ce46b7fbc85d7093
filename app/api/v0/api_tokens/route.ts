import { apiToken, countAccessTokens, createAccessToken, listAccessTokens } from '@/lib/access-tokens/lifecycle';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { createToken, listTokens } from '@/lib/api/openapi/tokens';
import { decodeCursor, page, pageHeaders } from '@/lib/api/pagination';
import { timeCursorSchema } from '@/lib/validation';
import { userAgent } from '@/lib/request';

// The credentials inventory's filters (SPEC 12) narrow the same list, for admins across every user.
export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(listTokens.query, queryOf(request));
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
  const { username } = parseOrThrow(createToken.query, queryOf(request));
  const body = await readJson(request, createToken.body);
  const created = await createAccessToken(principal, { ...body, username, userAgent: userAgent(request.headers) });
  return Response.json(created, { headers: { 'Cache-Control': 'no-store' } });
});
