import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { listAllRepositories } from '@/lib/api/openapi/repositories';
import { decodeCursor, page, pageHeaders } from '@/lib/api/pagination';
import { countRepositories, listRepositories, repositoryCursorSchema, repositoryJson } from '@/lib/repositories/repositories';

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const query = parseOrThrow(listAllRepositories.query, queryOf(request));
  const after = decodeCursor(query.pageStart, repositoryCursorSchema);
  const { rows, next } = await page(
    query.pageSize,
    (limit) => listRepositories(principal, { after, limit }),
    (row) => ({ namespace: row.namespace, name: row.name }),
  );
  const count = query.count ? await countRepositories(principal) : undefined;
  return Response.json({ repositories: rows.map(repositoryJson) }, { headers: pageHeaders(next, count) });
});
