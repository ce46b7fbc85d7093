// An OIDC issuer's keys (decision 047): its discovery document at `<issuer>/.well-known/openid-configuration`
// names `jwks_uri`; both are fetched with bounded timeouts and no redirects, cached, and the key set
// refetched when a token names a key it does not have (jose's remote key set, with a cooldown).
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

const TIMEOUT_MS = 5_000;
const DISCOVERY_CACHE_MS = 10 * 60_000;

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.string() });

/** Why an exchange was refused, as the audit log and the OAuth2 error say it. */
export class ExchangeRefusal extends Error {
  constructor(
    message: string,
    readonly error: 'invalid_grant' | 'invalid_request' | 'temporarily_unavailable' = 'invalid_grant',
  ) {
    super(message);
    this.name = 'ExchangeRefusal';
  }
}

const keySets = new Map<string, { keys: JWTVerifyGetKey; at: number }>();

async function discover(issuer: string): Promise<string> {
  let answer: Response;
  try {
    answer = await fetch(`${issuer}/.well-known/openid-configuration`, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch {
    throw new ExchangeRefusal('The issuer could not be reached', 'temporarily_unavailable');
  }
  if (!answer.ok) throw new ExchangeRefusal(`The issuer's discovery document answered ${answer.status}`, 'temporarily_unavailable');
  const parsed = discoverySchema.safeParse(await answer.json().catch(() => null));
  if (!parsed.success) throw new ExchangeRefusal("The issuer's discovery document is malformed", 'temporarily_unavailable');
  if (parsed.data.issuer.replace(/\/+$/, '') !== issuer) throw new ExchangeRefusal("The discovery document names another issuer");
  const jwks = new URL(parsed.data.jwks_uri);
  // The keys come from the issuer's own host: a discovery document cannot send us elsewhere.
  if (jwks.origin !== new URL(issuer).origin) throw new ExchangeRefusal("The issuer's jwks_uri is on another host");
  return jwks.toString();
}

/** The issuer's key set, resolved through its discovery document. */
export async function issuerKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const cached = keySets.get(issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_CACHE_MS) return cached.keys;
  const keys = createRemoteJWKSet(new URL(await discover(issuer)), { timeoutDuration: TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: DISCOVERY_CACHE_MS });
  keySets.set(issuer, { keys, at: Date.now() });
  return keys;
}

/** `*` matches any run of characters; everything else itself. */
export function claimMatches(condition: string, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value);
  if (!condition.includes('*')) return condition === text;
  const pattern = condition.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`, 's').test(text);
}
