import { accountJson } from '@/lib/accounts/accounts';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { listOrgMembers as list } from '@/lib/api/openapi/accounts';
import { namePage } from '@/lib/api/pagination';
import { listOrgMembers } from '@/lib/accounts/organizations';

type Context = { params: Promise<{ name: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name } = await context.params;
  const query = parseOrThrow(list.query, queryOf(request));
  const { rows, nextPageStart } = await namePage(query, (page) => listOrgMembers(principal, name, page), (r) => r.member.name);
  return Response.json({ members: rows.map((r) => ({ member: accountJson(r.member), isAdmin: r.isAdmin })), nextPageStart });
});
