import { pingDatabase } from '@/db';
import { log } from '@/lib/log';
import { registryHealth } from '@/lib/registry/health';

export const dynamic = 'force-dynamic';

// The status code follows the database alone: a registry that is down or degraded (every upstream
// connection busy) is reported in the body, while the web UI and the API keep serving.
export async function GET() {
  const registry = await registryHealth();
  try {
    await pingDatabase();
  } catch (error) {
    log.error({ err: error }, 'health check: database unreachable');
    return Response.json({ status: 'error', database: 'down', registry }, { status: 503 });
  }
  return Response.json({ status: 'ok', database: 'ok', registry });
}
