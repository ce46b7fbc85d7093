import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { updateRepository as update } from '@/lib/api/openapi/repositories';
import { deleteRepository, repositoryFor, repositoryJson, updateRepository } from '@/lib/repositories/repositories';

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
  const patch = await readJson(request, update.body);
  return Response.json(await updateRepository(principal, namespace, repo, patch));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  await deleteRepository(principal, namespace, repo);
  return new Response(null, { status: 204 });
});
