import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { decodeCursor, page, pageHeaders, pagingSchema } from '@/lib/api/pagination';
import { countRepositories, listRepositories, repositoryCursorSchema, repositoryJson } from '@/lib/repositories/repositories';

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(pagingSchema, queryOf(request));
  const after = decodeCursor(query.pageStart, repositoryCursorSchema);
  const { rows, next } = await page(
    query.pageSize,
    (limit) => listRepositories(principal, { after, limit }),
    (row) => ({ namespace: row.namespace, name: row.name }),
  );
  const count = query.count ? await countRepositories(principal) : undefined;
  return Response.json({ repositories: rows.map(repositoryJson) }, { headers: pageHeaders(next, count) });
});
