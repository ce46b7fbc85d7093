import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { addTeamMember as add } from '@/lib/api/openapi/teams';
import { addTeamMember, removeTeamMember } from '@/lib/accounts/teams';

type Context = { params: Promise<{ name: string; team: string; member: string }> };

export const PUT = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team, member } = await context.params;
  await readJson(request, add.body);
  return Response.json(await addTeamMember(principal, name, team, member));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team, member } = await context.params;
  await removeTeamMember(principal, name, team, member);
  return new Response(null, { status: 204 });
});
