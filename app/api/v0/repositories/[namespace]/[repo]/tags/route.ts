import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { listTags as listTagsOperation } from '@/lib/api/openapi/tags';
import { pageHeaders } from '@/lib/api/pagination';
import { listTags } from '@/lib/registry/tags';

type Context = { params: Promise<{ namespace: string; repo: string }> };

/** DTR's tag list: an array of Tag, in name order, paged as SPEC 5. */
export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  const query = parseOrThrow(listTagsOperation.query, queryOf(request));
  const { tags, next, count } = await listTags(principal, namespace, repo, query);
  return Response.json(tags, { headers: pageHeaders(next, count) });
});
