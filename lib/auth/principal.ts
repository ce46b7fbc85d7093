// Who is asking: the principal every credential check produces, and the checks of its powers that
// need no database.
import type { Account } from '@/db/schema';
import type { TokenScope } from '@/lib/access-tokens/format';
import { notAuthorized } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request';

export type Credential =
  | { kind: 'password' }
  | { kind: 'token'; tokenId: string; hint: string; generatedBy: string; expiresAt: Date | null; temporary: boolean };

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
 * credential was verified (milliseconds; a deactivation after it ends the session for good).
 */
export type SessionClaims = { uid: string; cred: 'password' | string; cv: number; at: number };

/** System-admin powers need an admin user and a credential of full scope. */
export const isSystemAdmin = (p: Principal) => p.user.isAdmin && p.scope === 'admin';

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
