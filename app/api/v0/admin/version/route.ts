import { authenticate } from '@/lib/api/authenticate';
import { route } from '@/lib/api/handler';
import { BERTH_VERSION } from '@/lib/version';

/** MSR's version endpoint (SPEC 11), for any signed-in caller, as MSR's Terraform provider calls it. */
export const GET = route(async (request) => {
  await authenticate(request);
  return Response.json({ version: BERTH_VERSION });
});
