// Who is asking: the principal every credential check produces, and the checks of its powers that
// need no database.
import type { Account } from '@/db/schema';
import type { TokenScope } from '@/lib/access-tokens/format';
import { notAuthorized } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request';

export type Credential =
  | { kind: 'password' }
  | {
      kind: 'token';
      tokenId: string;
      hint: string;
      generatedBy: string;
      expiresAt: Date | null;
      temporary: boolean;
      /** Repository names and `namespace/*` patterns it is confined to; empty: unrestricted (SPEC 12). */
      repositories: string[];
      /** The generation of the secret that was presented (rotation, decision 030). */
      generation: number;
      /** Set when that secret is the previous generation's: the end of its grace period. */
      graceUntil: Date | null;
    };

/** Who is asking, with what, how far that credential reaches, and from where. */
export type Principal = {
  user: Account;
  credential: Credential;
  scope: TokenScope;
  request: RequestInfo;
  /** The web session this request came in, if it came with a session cookie. */
  sessionId?: string;
};

/**
 * What a web session or a registry JWT remembers of its sign-in, re-checked at every request: the
 * user, the credential (`password` or a token id), the user's credentials version, and when the
 * credential was verified (milliseconds; a deactivation after it ends the session for good), and for a
 * token the generation of its secret (absent in JWTs from before rotation: the first).
 */
export type SessionClaims = { uid: string; cred: 'password' | string; cv: number; at: number; gen?: number };

/** A token confined to some repositories (SPEC 12): it reaches only those, and manages no credentials or accounts. */
export const isRestricted = (p: Principal) => p.credential.kind === 'token' && p.credential.repositories.length > 0;

/** System-admin powers need an admin user and a credential of full scope, confined to no repositories. */
export const isSystemAdmin = (p: Principal) => p.user.isAdmin && p.scope === 'admin' && !isRestricted(p);

/** Managing tokens, sessions and accounts needs a credential confined to no repositories. */
export function requireUnrestricted(principal: Principal, what: string) {
  if (isRestricted(principal)) throw notAuthorized(`A token restricted to some repositories cannot manage ${what}`);
}

export function requireSystemAdmin(principal: Principal) {
  if (!isSystemAdmin(principal)) throw notAuthorized('Only a system administrator can do this');
}

/**
 * The temporary-password flow: a session begun with a token an admin made for this user and marked
 * "Temporary password for a locked-out user". No other token resets a password (SPEC 10).
 */
export function mayResetPasswordWithoutOld(principal: Principal): boolean {
  const { credential, user } = principal;
  return credential.kind === 'token' && credential.temporary && credential.generatedBy !== user.name;
}
