import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf, readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { createTeam as create, listTeams as list } from '@/lib/api/openapi/teams';
import { namePage } from '@/lib/api/pagination';
import { createTeam, listTeams, teamJson } from '@/lib/accounts/teams';

type Context = { params: Promise<{ name: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  const query = parseOrThrow(list.query, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listTeams(principal, name, page), (t) => t.name);
  return Response.json({ teams: rows.map(teamJson), nextPageStart });
});

export const POST = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  const input = await readJson(request, create.body);
  return Response.json(teamJson(await createTeam(principal, name, input)), { status: 201 });
});
