import { embeddedRegistry, upstreamUrl as configuredUpstream } from '@/lib/registry/embedded/state';
import { sharedPoolState, type PoolState } from '@/lib/registry/upstream-pool';

export type RegistryHealth = 'ok' | 'degraded' | 'unconfigured' | 'down';

/**
 * `ok` when the upstream registry answers its base endpoint at all (401 counts: it is alive);
 * `degraded` when it answers but every connection Berth may open to it is in use, so new registry
 * requests wait for one (and get 503 TOOMANYREQUESTS if none frees up in time).
 */
export async function registryHealth(
  upstreamUrl = configuredUpstream(),
  pool: PoolState | null = sharedPoolState(),
): Promise<RegistryHealth> {
  if (!upstreamUrl) return embeddedRegistry() ? 'down' : 'unconfigured';
  try {
    const res = await fetch(`${upstreamUrl}/v2/`, { signal: AbortSignal.timeout(2000) });
    if (res.status >= 500) return 'down';
  } catch {
    return 'down';
  }
  return pool?.saturated ? 'degraded' : 'ok';
}

/** The embedded registry's own state for /api/health, when Berth runs one (lib/registry/embedded/). */
export function embeddedRegistryHealth() {
  const embedded = embeddedRegistry();
  return embedded && { state: embedded.state, restarts: embedded.restarts };
}
