// What every step of a /v2 request shares: the raw request and response, where the client reached
// us, and who is calling. Types only, plus the header adapter the credential code reads.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@/lib/credentials';
import type { ResourceAccess } from '@/lib/registry/scopes';

export type RegistryContext = {
  req: IncomingMessage;
  res: ServerResponse;
  origin: string;
  service: string;
  /** Path after `/v2/`, as the client sent it. */
  rest: string;
  /** The query as the client sent it, without the `?`. */
  query: string;
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
