// The registry token service's decisions (SPEC 6); app/auth/token/route.ts speaks its two protocols.
import type { AuthResult } from '@/lib/auth/authenticate';
import { sessionClaims } from '@/lib/auth/credentials';
import type { Principal } from '@/lib/auth/principal';
import { grantScopes } from '@/lib/registry/access';
import { signRegistryToken } from '@/lib/registry/jwt';
import type { ResourceAccess } from '@/lib/registry/scopes';

/** What a refused credential is told: the same words on both forms of the token service. */
export function refusal(result: Exclude<AuthResult, { ok: true }>): string {
  if (result.reason === 'throttled') return `too many failed sign-in attempts; try again in ${result.retryAfter} seconds`;
  return result.reason === 'locked'
    ? 'password sign-in is locked after repeated failures; use an access token or ask an administrator to unlock the account'
    : 'invalid username, password or access token';
}

/** A registry JWT with the requested scopes cut down to what the principal may do now. */
export async function issueRegistryToken(principal: Principal | null, scopes: ResourceAccess[], service: string) {
  const access = await grantScopes(principal, scopes);
  const signed = await signRegistryToken(
    { sub: principal?.user.name ?? '', access, credential: principal ? sessionClaims(principal) : undefined },
    service,
  );
  return { ...signed, access };
}
