import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { addTeamMember, removeTeamMember } from '@/lib/accounts/teams';
import { z } from 'zod';

type Context = { params: Promise<{ name: string; team: string; member: string }> };

// eNZi accepts an optional body here; Berth keeps no per-team admin flag.
const bodySchema = z.object({ isAdmin: z.boolean().optional() }).strict();

export const PUT = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team, member } = await context.params;
  await readJson(request, bodySchema);
  return Response.json(await addTeamMember(principal, name, team, member));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team, member } = await context.params;
  await removeTeamMember(principal, name, team, member);
  return new Response(null, { status: 204 });
});
