import { pingDatabase } from '@/db';
import { RETRY_AFTER_SECONDS } from '@/lib/errors';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** MSR's health endpoint, for its scripts and Terraform provider (SPEC 11); /api/health has the details. */
export async function GET() {
  try {
    await pingDatabase();
  } catch (error) {
    log.warn({ err: error }, 'health check: database unreachable');
    return Response.json(
      { Healthy: false, Error: 'Berth cannot reach its database' },
      { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    );
  }
  return Response.json({ Healthy: true, Error: '' }, { headers: { 'Cache-Control': 'no-store' } });
}
