import { pingDatabase } from '@/db';
import { RETRY_AFTER_SECONDS } from '@/lib/errors';
import type { HealthJson } from '@/lib/api/openapi/service';
import { log } from '@/lib/log';
import { embeddedRegistryHealth, registryHealth } from '@/lib/registry/health';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

// The status code follows the database alone: a registry that is down or degraded (every upstream
// connection busy) is reported in the body, while the web UI and the API keep serving.
export async function GET() {
  const registry = await registryHealth();
  const embedded = embeddedRegistryHealth();
  const extra = embedded ? { embeddedRegistry: embedded } : {};
  try {
    await pingDatabase();
  } catch (error) {
    log.error({ err: error }, 'health check: database unreachable');
    return Response.json(
      { status: 'error', database: 'down', registry, ...extra } satisfies HealthJson,
      { status: 503, headers: { ...NO_STORE, 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    );
  }
  return Response.json({ status: 'ok', database: 'ok', registry, ...extra } satisfies HealthJson, { headers: NO_STORE });
}
