import { authenticate } from '@/lib/api/authenticate';
import { route } from '@/lib/api/handler';
import { deleteTag, getTag } from '@/lib/registry/tags';

type Context = { params: Promise<{ namespace: string; repo: string; tag: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo, tag } = await context.params;
  return Response.json(await getTag(principal, namespace, repo, tag));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo, tag } = await context.params;
  await deleteTag(principal, namespace, repo, tag);
  return new Response(null, { status: 204 });
});
