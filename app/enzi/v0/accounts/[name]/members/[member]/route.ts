import { authenticate } from '@/lib/api/authenticate';
import { readJson } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { setOrgMember as set } from '@/lib/api/openapi/accounts';
import { removeOrgMember, setOrgMember } from '@/lib/accounts/organizations';

type Context = { params: Promise<{ name: string; member: string }> };

export const PUT = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, member } = await context.params;
  const { isAdmin } = await readJson(request, set.body);
  return Response.json(await setOrgMember(principal, name, member, isAdmin));
});

export const DELETE = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { name, member } = await context.params;
  await removeOrgMember(principal, name, member);
  return new Response(null, { status: 204 });
});
