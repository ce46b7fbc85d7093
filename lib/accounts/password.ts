import { z } from 'zod';
import { db } from '@/db';
import { setPasswordHash } from '@/lib/accounts/queries';
import { audit } from '@/lib/audit/record';
import { clearLockout } from '@/lib/auth/credentials';
import { hashPassword, passwordSchema, verifyPassword } from '@/lib/auth/passwords';
import { mayResetPasswordWithoutOld, type Principal } from '@/lib/auth/principal';
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
  const { user } = principal;
  if (!mayResetPasswordWithoutOld(principal)) {
    const current = input.currentPassword ?? '';
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
      throw new ApiError('INVALID_PARAMETERS', 400, 'The current password is not correct');
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const updated = await setPasswordHash(user.id, passwordHash, tx);
    if (!updated) throw new ApiError('NO_SUCH_USER', 404, 'No such user');
    // A new password ends the lockout (SPEC 4).
    await clearLockout(user.name, tx);
    const temporary = mayResetPasswordWithoutOld(principal);
    await audit(tx, principal, { action: 'password.changed', targetType: 'user', target: user.name, details: { withoutCurrentPassword: temporary } });
    return updated;
  });
}
