import { authenticate } from '@/lib/api/authenticate';
import { route } from '@/lib/api/handler';
import { listTeamAccess } from '@/lib/repositories/team-access';

type Context = { params: Promise<{ namespace: string; repo: string }> };

export const GET = route<Context>(async (request, context) => {
  const principal = await authenticate(request);
  const { namespace, repo } = await context.params;
  return Response.json(await listTeamAccess(principal, namespace, repo));
});
