import { config } from '@/lib/config';

/** Set by the server from the socket (or the first X-Forwarded-For hop with TRUST_PROXY). */
export const CLIENT_IP_HEADER = 'x-berth-client-ip';

type HeaderSource = Pick<Headers, 'get'>;

export function clientIp(headers: HeaderSource): string {
  // With TRUST_PROXY the value is client-supplied; cap it to what access_tokens.last_used_ip holds.
  return (headers.get(CLIENT_IP_HEADER) ?? 'unknown').slice(0, 64);
}

export function userAgent(headers: HeaderSource): string {
  return (headers.get('user-agent') ?? '').slice(0, 512);
}

/** The public base URL: PUBLIC_URL, or what the request says it was reached at. */
export function publicOrigin(headers: HeaderSource): string {
  if (config.publicUrl) return config.publicUrl;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0].trim() || 'http';
  const host = headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host') || `localhost:${config.port}`;
  return `${proto}://${host}`;
}

export function isHttps(headers: HeaderSource): boolean {
  return publicOrigin(headers).startsWith('https:');
}
