import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { createRepository as create, listNamespaceRepositories as list } from '@/lib/api/openapi/repositories';
import { decodeCursor, page, pageHeaders } from '@/lib/api/pagination';
import { countRepositories, createRepository, listRepositories, namespaceAccount, repositoryCursorSchema, repositoryJson } from '@/lib/repositories/repositories';

type Context = { params: Promise<{ namespace: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace } = await context.params;
  await namespaceAccount(namespace);
  const query = parseOrThrow(list.query, queryOf(request));
  const after = decodeCursor(query.pageStart, repositoryCursorSchema);
  const { rows, next } = await page(
    query.pageSize,
    (limit) => listRepositories(principal, { namespace, after, limit }),
    (row) => ({ namespace: row.namespace, name: row.name }),
  );
  const count = query.count ? await countRepositories(principal, { namespace }) : undefined;
  return Response.json({ repositories: rows.map(repositoryJson) }, { headers: pageHeaders(next, count) });
});

export const POST = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace } = await context.params;
  const input = await readJson(request, create.body);
  return Response.json(await createRepository(principal, namespace, input), { status: 201 });
});
