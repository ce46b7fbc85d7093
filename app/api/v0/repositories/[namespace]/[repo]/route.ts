import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { deleteRepository, repositoryFor, repositoryJson, repositoryPatchSchema, updateRepository } from '@/lib/repositories/repositories';

type Context = { params: Promise<{ namespace: string; repo: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  const { repository } = await repositoryFor(principal, namespace, repo);
  return Response.json(repositoryJson(repository));
});

export const PATCH = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  const patch = await readJson(request, repositoryPatchSchema);
  return Response.json(await updateRepository(principal, namespace, repo, patch));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  await deleteRepository(principal, namespace, repo);
  return new Response(null, { status: 204 });
});
