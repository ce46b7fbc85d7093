import { z } from 'zod';
import { db } from '@/db';
import type { Account } from '@/db/schema';
import type { AccountFilter } from '@/lib/accounts/filters';
import type { AccountPageQuery } from '@/lib/accounts/listing';
import { countAccountsMatching, listAccountsPage } from '@/lib/accounts/listing-queries';
import type { AccountJson } from '@/lib/accounts/shapes';
import {
  accountCounts,
  deleteAccountRow,
  findAccountByName,
  insertAccount,
  listAccounts as listAccountRows,
  updateAccount,
} from '@/lib/accounts/queries';
import { audit } from '@/lib/audit/record';
import { purgeNamespaceUpstream } from '@/lib/registry/upstream-deletion';
import { lockedUntil } from '@/lib/auth/attempts';
import { clearLockout } from '@/lib/auth/credentials';
import { hashPassword, passwordSchema } from '@/lib/auth/passwords';
import { isSystemAdmin, requireSystemAdmin, requireUnrestricted, type Principal } from '@/lib/auth/principal';
import { ApiError, invalidParameters, isUniqueViolation, notAuthorized } from '@/lib/errors';
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
export function accountJson(account: Account, counts: Counts = { membersCount: 0, teamsCount: 0 }): AccountJson {
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

/** An account by name, or undefined: for lookups whose caller answers a missing one itself. */
export async function findAccount(name: string): Promise<Account | undefined> {
  return accountNameSchema.safeParse(name).success ? findAccountByName(name) : undefined;
}

export async function accountByName(name: string): Promise<Account> {
  // Not `findAccount`: a name the database cannot even read (a NUL byte) answers 400, not 404.
  const account = await findAccountByName(name);
  if (!account) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such account: ${name}`);
  return account;
}

/** A user (not an organization) by name, or NO_SUCH_USER. */
export async function userByName(name: string): Promise<Account> {
  const account = await findAccount(name);
  if (!account || account.isOrg) throw new ApiError('NO_SUCH_USER', 404, `No such user: ${name}`);
  return account;
}

/** Accounts by name, as eNZi lists them to any signed-in user; `after` is the last name of the previous page. */
export function listAccounts(_principal: Principal, opts: { filter: AccountFilter; after?: string; limit: number }) {
  return listAccountRows(opts);
}

/** Users with their password lockout (the end of a running lock, or null): the admin's Users page. */
export async function listUsersForAdmin(principal: Principal, query: AccountPageQuery) {
  requireSystemAdmin(principal);
  const rows = await listAccountsPage('users', query);
  const locks = await lockedUntil(rows.map((r) => r.account.name));
  return rows.map(({ account, createdKey }) => ({ ...account, createdKey, lockedUntil: locks.get(account.name) ?? null }));
}

/** How many users the Users page's search finds (all of them without one). */
export function countUsersForAdmin(principal: Principal, search?: string) {
  requireSystemAdmin(principal);
  return countAccountsMatching('users', search);
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
  requireUnrestricted(principal, 'accounts');
  if (self && (patch.isAdmin === false || patch.isActive === false)) {
    throw invalidParameters('You cannot remove your own admin rights or deactivate yourself');
  }
  if (account.isOrg && (patch.isAdmin || patch.isActive === false)) {
    throw invalidParameters('An organization cannot be an admin or be deactivated');
  }
  return db.transaction(async (tx) => {
    // An account deleted since it was read is not changed into being: 404, and no event.
    const updated = await updateAccount(account.id, patch, tx);
    if (!updated) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such account: ${name}`);
    await audit(tx, principal, { action: 'account.updated', targetType: account.isOrg ? 'org' : 'user', target: account.name, details: patch });
    return updated;
  });
}

export async function deleteAccount(principal: Principal, name: string) {
  requireSystemAdmin(principal);
  const account = await accountByName(name);
  if (account.id === principal.user.id) throw invalidParameters('You cannot delete your own account');
  // What its repositories hold goes upstream first (SPEC 10): a registry away answers 503, nothing deleted.
  await purgeNamespaceUpstream(account.id);
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
    await clearLockout(account.name, tx);
    await audit(tx, principal, { action: 'user.unlocked', targetType: 'user', target: account.name });
  });
}
