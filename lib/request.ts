import { config } from '@/lib/config';

/** Set by the server from the socket, or from X-Forwarded-For as TRUST_PROXY allows (SPEC 2). */
export const CLIENT_IP_HEADER = 'x-berth-client-ip';

type HeaderSource = Pick<Headers, 'get'>;

/** Who made a request and with what client: what audit events, rate limits and last-used record. */
export type RequestInfo = { ip: string; userAgent: string };

const withoutMappedPrefix = (address: string) => address.replace(/^::ffff:/, '');

/**
 * The client address behind `hops` trusted proxies, as Express's `trust proxy` counts: the socket's
 * peer is hop 0, the rightmost X-Forwarded-For entry hop 1, and so on leftwards. Entries left of the
 * trusted ones are the client's own writing and never used; with fewer entries than hops, the
 * leftmost one is the furthest address known.
 */
export function forwardedClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const socket = withoutMappedPrefix(socketAddress ?? 'unknown');
  if (hops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [socket, ...entries.reverse()];
  return withoutMappedPrefix(chain[Math.min(hops, chain.length - 1)]);
}

export function clientIp(headers: HeaderSource): string {
  // Behind proxies the value came from X-Forwarded-For; cap it to what access_tokens.last_used_ip holds.
  return (headers.get(CLIENT_IP_HEADER) ?? 'unknown').slice(0, 64);
}

export function userAgent(headers: HeaderSource): string {
  return (headers.get('user-agent') ?? '').slice(0, 512);
}

/** The first value of an X-Forwarded-* header, read only behind trusted proxies (TRUST_PROXY). */
function forwarded(headers: HeaderSource, name: 'x-forwarded-proto' | 'x-forwarded-host'): string | undefined {
  if (config.trustProxy === 0) return undefined;
  return headers.get(name)?.split(',')[0].trim() || undefined;
}

/** The host the client reached: X-Forwarded-Host behind trusted proxies, else the Host header. */
export function requestHost(headers: HeaderSource): string | undefined {
  return forwarded(headers, 'x-forwarded-host') ?? (headers.get('host') || undefined);
}

/** The public base URL: PUBLIC_URL, or what the request says it was reached at. */
export function publicOrigin(headers: HeaderSource): string {
  if (config.publicUrl) return config.publicUrl;
  const proto = forwarded(headers, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${requestHost(headers) ?? `localhost:${config.port}`}`;
}

export function isHttps(headers: HeaderSource): boolean {
  return publicOrigin(headers).startsWith('https:');
}
