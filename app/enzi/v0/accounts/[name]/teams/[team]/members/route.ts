import { accountJson } from '@/lib/accounts/accounts';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { listTeamMembers as list } from '@/lib/api/openapi/teams';
import { namePage } from '@/lib/api/pagination';
import { listTeamMembers } from '@/lib/accounts/teams';

type Context = { params: Promise<{ name: string; team: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, team } = await context.params;
  const query = parseOrThrow(list.query, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listTeamMembers(principal, name, team, page), (r) => r.member.name);
  return Response.json({ members: rows.map((r) => ({ member: accountJson(r.member), isAdmin: false })), nextPageStart });
});
