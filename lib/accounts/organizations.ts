import { z } from 'zod';
import type { Account } from '@/db/schema';
import { accountJson, findAccount, userByName } from '@/lib/accounts/accounts';
import * as q from '@/lib/accounts/queries';
import type { AccountPageQuery } from '@/lib/accounts/listing';
import { countAccountsMatching, countOrgsOfUser, listAccountsPage, listOrgsOfUserPage } from '@/lib/accounts/listing-queries';
import type { MemberJson } from '@/lib/accounts/shapes';
import { audited, auditedRemoval } from '@/lib/audit/record';
import { requireUnrestricted, type Principal } from '@/lib/auth/principal';
import { ApiError, notAuthorized, raceWithDelete } from '@/lib/errors';

export const orgMemberSchema = z.object({ isAdmin: z.boolean().default(false) }).strict();

export async function orgByName(name: string): Promise<Account> {
  const account = await findAccount(name);
  if (!account?.isOrg) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such organization: ${name}`);
  return account;
}

/** Admin of an organization: a system admin or one of its admins, with a full-scope credential. */
export async function isOrgAdmin(principal: Principal, orgId: string): Promise<boolean> {
  if (principal.scope !== 'admin') return false;
  if (principal.user.isAdmin) return true;
  return (await q.findOrgMember(orgId, principal.user.id))?.isAdmin ?? false;
}

export async function requireOrgAdmin(principal: Principal, org: Account) {
  requireUnrestricted(principal, 'organizations or teams');
  if (!(await isOrgAdmin(principal, org.id))) throw notAuthorized(`You are not an admin of ${org.name}`);
}

/** Members and teams of an organization are visible to its members and to system admins. */
export async function requireOrgMember(principal: Principal, org: Account) {
  if (principal.user.isAdmin || (await q.findOrgMember(org.id, principal.user.id))) return;
  throw notAuthorized(`You are not a member of ${org.name}`);
}

export const memberJson = (member: Account, isAdmin: boolean): MemberJson => ({ member: accountJson(member), isAdmin });

/** The organizations a principal sees: all of them for a system admin, else those they belong to. */
export async function listOrganizationsOf(principal: Principal, query: AccountPageQuery) {
  const rows = principal.user.isAdmin
    ? (await listAccountsPage('orgs', query)).map((r) => ({ ...r, isAdmin: true }))
    : await listOrgsOfUserPage(principal.user.id, query);
  return rows.map(({ account, isAdmin, createdKey }) => ({ org: account, isAdmin, createdKey }));
}

/** How many organizations of that list the search finds (all of them without one). */
export function countOrganizationsOf(principal: Principal, search?: string) {
  return principal.user.isAdmin ? countAccountsMatching('orgs', search) : countOrgsOfUser(principal.user.id, search);
}

export async function listOrgMembers(principal: Principal, orgName: string, page: { after?: string; limit: number }) {
  const org = await orgByName(orgName);
  await requireOrgMember(principal, org);
  return q.listOrgMembers(org.id, page);
}

export async function setOrgMember(principal: Principal, orgName: string, userName: string, isAdmin: boolean) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const user = await userByName(userName);
  const entry = { action: 'org.member_set', targetType: 'org', target: org.name, details: { user: user.name, isAdmin } } as const;
  await audited(principal, entry, (tx) => q.upsertOrgMember(org.id, user.id, isAdmin, tx)).catch((error) =>
    raceWithDelete(error, () => Promise.all([orgByName(orgName), userByName(userName)])),
  );
  return memberJson(user, isAdmin);
}

export async function removeOrgMember(principal: Principal, orgName: string, userName: string) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const user = await userByName(userName);
  const entry = { action: 'org.member_removed', targetType: 'org', target: org.name, details: { user: user.name } } as const;
  await auditedRemoval(principal, entry, (tx) => q.removeOrgMember(org.id, user.id, tx));
}
