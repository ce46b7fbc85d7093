import { z } from 'zod';
import { db } from '@/db';
import { setPasswordHash } from '@/lib/accounts/queries';
import { audit } from '@/lib/audit/record';
import { spendTemporaryToken } from '@/lib/access-tokens/lifecycle';
import { clearLockout } from '@/lib/auth/credentials';
import { confirmCurrentPassword } from '@/lib/auth/authenticate';
import { hashPassword, passwordSchema } from '@/lib/auth/passwords';
import { mayResetPasswordWithoutOld, requireUnrestricted, type Principal } from '@/lib/auth/principal';
import { ApiError, notAuthorized } from '@/lib/errors';

export const passwordChangeSchema = z
  .object({ currentPassword: z.string().max(256).optional(), newPassword: passwordSchema })
  .strict();

/**
 * Sets the principal's own password. The current password is required unless the session was
 * started with a token an admin created for this user: the temporary-password flow (SPEC 4).
 */
export async function changeOwnPassword(principal: Principal, input: z.infer<typeof passwordChangeSchema>) {
  if (principal.scope !== 'admin') throw notAuthorized(`A ${principal.scope} token cannot change the password`);
  requireUnrestricted(principal, 'accounts');
  const { user } = principal;
  if (!mayResetPasswordWithoutOld(principal)) {
    const checked = await confirmCurrentPassword(principal, input.currentPassword ?? '');
    if (!checked.ok && checked.reason === 'throttled') {
      throw new ApiError('TOO_MANY_REQUESTS', 429, `Too many failed attempts; try again in ${checked.retryAfter} seconds`, { 'Retry-After': String(checked.retryAfter) });
    }
    if (!checked.ok && checked.reason === 'locked') {
      throw new ApiError('INVALID_PARAMETERS', 400, 'Password sign-in is locked after repeated failures; ask an administrator to unlock the account');
    }
    if (!checked.ok) throw new ApiError('INVALID_PARAMETERS', 400, 'The current password is not correct');
  }
  const temporary = mayResetPasswordWithoutOld(principal);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const updated = await setPasswordHash(user.id, passwordHash, tx);
    if (!updated) throw new ApiError('NO_SUCH_USER', 404, 'No such user');
    // A new password ends the lockout (SPEC 4); a temporary password is spent by it (SPEC 10).
    await clearLockout(user.name, tx);
    if (temporary && principal.credential.kind === 'token') {
      await spendTemporaryToken(principal.credential.tokenId, tx);
      await audit(tx, principal, { action: 'token.deactivated', targetType: 'token', target: principal.credential.hint, details: { tokenId: principal.credential.tokenId, reason: 'temporary password spent' } });
    }
    await audit(tx, principal, { action: 'password.changed', targetType: 'user', target: user.name, details: { withoutCurrentPassword: temporary } });
    return updated;
  });
}
