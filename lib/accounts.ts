import { z } from 'zod';
import { db } from '@/db';
import type { Account } from '@/db/schema';
import { audit } from '@/lib/audit';
import { mayResetPasswordWithoutOld, type Principal } from '@/lib/credentials';
import { ApiError, invalidParameters, isUniqueViolation, notAuthorized } from '@/lib/errors';
import { isSystemAdmin } from '@/lib/permissions';
import { hashPassword, passwordSchema, verifyPassword } from '@/lib/passwords';
import { accountCounts } from '@/lib/queries/organizations';
import { clearFailedPasswords, deleteAccountRow, findAccountByName, insertAccount, setPasswordHash, updateAccount } from '@/lib/queries/accounts';
import { accountNameSchema, fullNameSchema } from '@/lib/validation';

export const newAccountSchema = z
  .object({
    name: accountNameSchema,
    password: passwordSchema.optional(),
    fullName: fullNameSchema.default(''),
    isOrg: z.boolean().default(false),
    isAdmin: z.boolean().default(false),
    isActive: z.boolean().default(true),
  })
  .strict()
  .refine((a) => a.isOrg || a.password, { message: 'A user needs a password', path: ['password'] })
  .refine((a) => !a.isOrg || (!a.password && !a.isAdmin), {
    message: 'An organization has no password and cannot be an admin',
    path: ['isOrg'],
  });

export const accountPatchSchema = z
  .object({ fullName: fullNameSchema.optional(), isAdmin: z.boolean().optional(), isActive: z.boolean().optional() })
  .strict();

type Counts = { membersCount: number; teamsCount: number };

/** eNZi's Account JSON; a user has no members or teams of its own. */
export function accountJson(account: Account, counts: Counts = { membersCount: 0, teamsCount: 0 }) {
  return {
    id: account.id,
    name: account.name,
    fullName: account.fullName,
    isOrg: account.isOrg,
    isAdmin: account.isAdmin,
    isActive: account.isActive,
    membersCount: counts.membersCount,
    teamsCount: counts.teamsCount,
  };
}

/** Account JSON with the member and team counts of organizations, in one query for the whole list. */
export async function accountsJson(list: Account[]) {
  const counts = await accountCounts(list.filter((a) => a.isOrg).map((a) => a.id));
  return list.map((a) => accountJson(a, counts.get(a.id)));
}

export function requireSystemAdmin(principal: Principal) {
  if (!isSystemAdmin(principal)) throw notAuthorized('Only a system administrator can do this');
}

export async function accountByName(name: string): Promise<Account> {
  const account = await findAccountByName(name);
  if (!account) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such account: ${name}`);
  return account;
}

export async function createAccount(principal: Principal, input: z.infer<typeof newAccountSchema>) {
  requireSystemAdmin(principal);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.transaction(async (tx) => {
      const account = await insertAccount(
        { name: input.name, fullName: input.fullName, isOrg: input.isOrg, isAdmin: input.isAdmin, isActive: input.isActive, passwordHash },
        tx,
      );
      await audit(tx, principal, {
        action: 'account.created',
        targetType: account.isOrg ? 'org' : 'user',
        target: account.name,
        details: { isAdmin: account.isAdmin, isActive: account.isActive },
      });
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidParameters(`The name ${input.name} is already taken`);
    throw error;
  }
}

export async function changeAccount(principal: Principal, name: string, patch: z.infer<typeof accountPatchSchema>) {
  const account = await accountByName(name);
  const self = account.id === principal.user.id;
  if (!isSystemAdmin(principal) && (!self || patch.isAdmin !== undefined || patch.isActive !== undefined)) {
    throw notAuthorized('Only a system administrator can change this account');
  }
  if (principal.scope !== 'admin') throw notAuthorized(`A ${principal.scope} token cannot change accounts`);
  if (self && (patch.isAdmin === false || patch.isActive === false)) {
    throw invalidParameters('You cannot remove your own admin rights or deactivate yourself');
  }
  if (account.isOrg && (patch.isAdmin || patch.isActive === false)) {
    throw invalidParameters('An organization cannot be an admin or be deactivated');
  }
  return db.transaction(async (tx) => {
    const updated = (await updateAccount(account.id, patch, tx)) ?? account;
    await audit(tx, principal, { action: 'account.updated', targetType: account.isOrg ? 'org' : 'user', target: account.name, details: patch });
    return updated;
  });
}

export async function deleteAccount(principal: Principal, name: string) {
  requireSystemAdmin(principal);
  const account = await accountByName(name);
  if (account.id === principal.user.id) throw invalidParameters('You cannot delete your own account');
  // Tokens, repositories, memberships, teams and grants of the account go with it (cascade).
  await db.transaction(async (tx) => {
    // A concurrent delete of the same account may have taken it since it was read.
    if (!(await deleteAccountRow(account.id, tx))) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such account: ${name}`);
    await audit(tx, principal, { action: 'account.deleted', targetType: account.isOrg ? 'org' : 'user', target: account.name });
  });
}

export async function unlockAccount(principal: Principal, name: string) {
  requireSystemAdmin(principal);
  const account = await accountByName(name);
  await db.transaction(async (tx) => {
    await clearFailedPasswords(account.id, tx);
    await audit(tx, principal, { action: 'user.unlocked', targetType: 'user', target: account.name });
  });
}

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
    const temporary = mayResetPasswordWithoutOld(principal);
    await audit(tx, principal, { action: 'password.changed', targetType: 'user', target: user.name, details: { withoutCurrentPassword: temporary } });
    return updated;
  });
}
