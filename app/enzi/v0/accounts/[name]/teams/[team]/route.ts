import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { updateTeam as update } from '@/lib/api/openapi/teams';
import { deleteTeam, getTeam, teamJson, updateTeam } from '@/lib/accounts/teams';

type Context = { params: Promise<{ name: string; team: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team } = await context.params;
  return Response.json(teamJson(await getTeam(principal, name, team)));
});

export const PATCH = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team } = await context.params;
  const patch = await readJson(request, update.body);
  return Response.json(teamJson(await updateTeam(principal, name, team, patch)));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team } = await context.params;
  await deleteTeam(principal, name, team);
  return new Response(null, { status: 204 });
});
