import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { setTeamAccess as set } from '@/lib/api/openapi/repositories';
import { removeTeamAccess, setTeamAccess } from '@/lib/repositories/team-access';

type Context = { params: Promise<{ namespace: string; repo: string; team: string }> };

export const PUT = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo, team } = await context.params;
  const { accessLevel } = await readJson(request, set.body);
  return Response.json(await setTeamAccess(principal, namespace, repo, team, accessLevel));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo, team } = await context.params;
  await removeTeamAccess(principal, namespace, repo, team);
  return new Response(null, { status: 204 });
});
