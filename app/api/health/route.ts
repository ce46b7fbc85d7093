import { pingDatabase } from '@/db';
import { log } from '@/lib/log';
import { registryHealth } from '@/lib/registry/health';

export const dynamic = 'force-dynamic';

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
