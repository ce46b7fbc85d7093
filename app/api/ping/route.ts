export const dynamic = 'force-dynamic';

/** MSR's load-balancer check (`GET /_ping`): answered from memory, touching nothing. */
export function GET() {
  return Response.json({ Healthy: true, Error: '' });
}
