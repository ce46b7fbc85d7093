import { config } from '@/lib/config';

/** `ok` when the upstream registry answers its base endpoint at all (401 counts: it is alive). */
export async function registryHealth(): Promise<'ok' | 'unconfigured' | 'down'> {
  if (!config.registryUpstreamUrl) return 'unconfigured';
  try {
    const res = await fetch(`${config.registryUpstreamUrl}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.status < 500 ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}
