import { z } from 'zod';
import type { Account } from '@/db/schema';
import { accountJson } from '@/lib/accounts';
import { audited, auditedRemoval } from '@/lib/audit';
import type { Principal } from '@/lib/credentials';
import { ApiError, isUniqueViolation, invalidParameters, notAuthorized } from '@/lib/errors';
import { isOrgAdmin } from '@/lib/permissions';
import { findAccountByName } from '@/lib/queries/accounts';
import * as q from '@/lib/queries/organizations';
import { teamJson } from '@/lib/repositories';
import { accountNameSchema, teamDescriptionSchema } from '@/lib/validation';

export const newTeamSchema = z
  .object({ name: accountNameSchema, description: teamDescriptionSchema.default('') })
  .strict();
// Without the default of `description`: zod fills defaults in even inside .partial(), so a rename would clear it.
export const teamPatchSchema = z
  .object({ name: accountNameSchema.optional(), description: newTeamSchema.shape.description.unwrap().optional() })
  .strict();
export const orgMemberSchema = z.object({ isAdmin: z.boolean().default(false) }).strict();

export async function orgByName(name: string): Promise<Account> {
  const account = accountNameSchema.safeParse(name).success ? await findAccountByName(name) : undefined;
  if (!account?.isOrg) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such organization: ${name}`);
  return account;
}

async function userByName(name: string): Promise<Account> {
  const account = accountNameSchema.safeParse(name).success ? await findAccountByName(name) : undefined;
  if (!account || account.isOrg) throw new ApiError('NO_SUCH_USER', 404, `No such user: ${name}`);
  return account;
}

async function requireOrgAdmin(principal: Principal, org: Account) {
  if (!(await isOrgAdmin(principal, org.id))) throw notAuthorized(`You are not an admin of ${org.name}`);
}

/** Members and teams of an organization are visible to its members and to system admins. */
async function requireOrgMember(principal: Principal, org: Account) {
  if (principal.user.isAdmin || (await q.findOrgMember(org.id, principal.user.id))) return;
  throw notAuthorized(`You are not a member of ${org.name}`);
}

const noSuchTeam = (org: Account, name: string) => new ApiError('NO_SUCH_TEAM', 404, `No team ${name} in ${org.name}`);

async function teamOf(org: Account, name: string) {
  const team = accountNameSchema.safeParse(name).success ? await q.findTeam(org.id, name) : undefined;
  if (!team) throw noSuchTeam(org, name);
  return team;
}

const memberJson = (member: Account, isAdmin: boolean) => ({ member: accountJson(member), isAdmin });

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
  await audited(principal, entry, (tx) => q.upsertOrgMember(org.id, user.id, isAdmin, tx));
  return memberJson(user, isAdmin);
}

export async function removeOrgMember(principal: Principal, orgName: string, userName: string) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const user = await userByName(userName);
  const entry = { action: 'org.member_removed', targetType: 'org', target: org.name, details: { user: user.name } } as const;
  await auditedRemoval(principal, entry, (tx) => q.removeOrgMember(org.id, user.id, tx));
}

export async function listTeams(principal: Principal, orgName: string, page: { after?: string; limit: number }) {
  const org = await orgByName(orgName);
  await requireOrgMember(principal, org);
  return q.listTeams(org.id, page);
}

export async function getTeam(principal: Principal, orgName: string, teamName: string) {
  const org = await orgByName(orgName);
  await requireOrgMember(principal, org);
  return teamOf(org, teamName);
}

function teamExists(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error)) throw invalidParameters(`A team named ${name} already exists`);
  throw error;
}

export async function createTeam(principal: Principal, orgName: string, input: z.infer<typeof newTeamSchema>) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const entry = { action: 'team.created', targetType: 'team', target: `${org.name}/${input.name}` } as const;
  return audited(principal, entry, (tx) => q.insertTeam({ orgId: org.id, ...input }, tx)).catch((e) => teamExists(e, input.name));
}

export async function updateTeam(principal: Principal, orgName: string, teamName: string, patch: z.infer<typeof teamPatchSchema>) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const team = await teamOf(org, teamName);
  const entry = { action: 'team.updated', targetType: 'team', target: `${org.name}/${team.name}`, details: patch } as const;
  await audited(principal, entry, (tx) => q.updateTeam(team.id, patch, tx)).catch((e) => teamExists(e, patch.name));
  return { ...team, ...patch };
}

export async function deleteTeam(principal: Principal, orgName: string, teamName: string) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const team = await teamOf(org, teamName);
  const entry = { action: 'team.deleted', targetType: 'team', target: `${org.name}/${team.name}` } as const;
  // A concurrent delete of the same team may have taken it since it was read.
  if (!(await auditedRemoval(principal, entry, (tx) => q.deleteTeam(team.id, tx)))) throw noSuchTeam(org, teamName);
}

export async function listTeamMembers(principal: Principal, orgName: string, teamName: string, page: { after?: string; limit: number }) {
  const team = await getTeam(principal, orgName, teamName);
  return q.listTeamMembers(team.id, page);
}

export async function addTeamMember(principal: Principal, orgName: string, teamName: string, userName: string) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const team = await teamOf(org, teamName);
  const user = await userByName(userName);
  const entry = { action: 'team.member_added', targetType: 'team', target: `${org.name}/${team.name}`, details: { user: user.name } } as const;
  await audited(principal, entry, (tx) => q.addTeamMember(team, user.id, tx));
  return memberJson(user, false);
}

export async function removeTeamMember(principal: Principal, orgName: string, teamName: string, userName: string) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const team = await teamOf(org, teamName);
  const user = await userByName(userName);
  const entry = { action: 'team.member_removed', targetType: 'team', target: `${org.name}/${team.name}`, details: { user: user.name } } as const;
  await auditedRemoval(principal, entry, (tx) => q.removeTeamMember(team.id, user.id, tx));
}

export { teamJson };
