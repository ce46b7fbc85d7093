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
  // Both at once: under load each waits its turn (a database connection, the upstream's answer).
  const [registry, database] = await Promise.all([registryHealth(), pingDatabase().then(() => null, (error: unknown) => ({ error }))]);
  const embedded = embeddedRegistryHealth();
  const extra = embedded ? { embeddedRegistry: embedded } : {};
  if (database) {
    const { error } = database;
    log.error({ err: error }, 'health check: database unreachable');
    return Response.json(
      { status: 'error', database: 'down', registry, ...extra } satisfies HealthJson,
      { status: 503, headers: { ...NO_STORE, 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    );
  }
  return Response.json({ status: 'ok', database: 'ok', registry, ...extra } satisfies HealthJson, { headers: NO_STORE });
}
