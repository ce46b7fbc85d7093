// What every step of a /v2 request shares: the raw request and response, where the client reached
// us, and who is calling. Types only, plus the header adapter the credential code reads.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@/lib/auth/principal';
import type { ResourceAccess } from '@/lib/registry/scopes';
import type { UpstreamPool } from '@/lib/registry/upstream-pool';

export type RegistryContext = {
  req: IncomingMessage;
  res: ServerResponse;
  origin: string;
  service: string;
  /** Path after `/v2/` as the route parser read it (`%3a` decoded; nothing else is allowed there). */
  path: string;
  /** The parsed query: what is authorized is what goes upstream, serialized again. */
  query: URLSearchParams;
};

/**
 * What the proxy talks to. Production passes nothing and gets the configuration's values; tests
 * point a proxy at an upstream of their own.
 */
export type RegistryProxyOptions = {
  /** REGISTRY_UPSTREAM_URL unless given. */
  upstreamUrl?: string;
  /** The process's shared pool (REGISTRY_MAX_UPSTREAM_CONNECTIONS…) unless given. */
  pool?: UpstreamPool;
  /** REGISTRY_BODY_IDLE_TIMEOUT_SECONDS unless given. */
  bodyIdleMs?: number;
};

/** Who is calling, and (for a JWT) the access the token service granted. */
export type Caller = { principal: Principal | null; presented: 'none' | 'secret' | 'bearer'; jwtAccess?: ResourceAccess[] };

/** Node's request headers as the `Headers.get` the request helpers read. */
export function headerSource(headers: IncomingHttpHeaders): Pick<Headers, 'get'> {
  return {
    get(name: string) {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
