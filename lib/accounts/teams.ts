import { z } from 'zod';
import type { Account } from '@/db/schema';
import { userByName } from '@/lib/accounts/accounts';
import { memberJson, orgByName, requireOrgAdmin, requireOrgMember } from '@/lib/accounts/organizations';
import * as q from '@/lib/accounts/queries';
import type { TeamJson } from '@/lib/accounts/shapes';
import { audited, auditedRemoval } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { ApiError, invalidParameters, isUniqueViolation, raceWithDelete } from '@/lib/errors';
import { accountNameSchema, teamDescriptionSchema } from '@/lib/validation';

export type { TeamRow } from '@/lib/accounts/queries';

export const newTeamSchema = z
  .object({ name: accountNameSchema, description: teamDescriptionSchema.default('') })
  .strict();
// Without the default of `description`: zod fills defaults in even inside .partial(), so a rename would clear it.
export const teamPatchSchema = z
  .object({ name: accountNameSchema.optional(), description: newTeamSchema.shape.description.unwrap().optional() })
  .strict();

/** eNZi's Team JSON. */
export function teamJson(team: q.TeamRow): TeamJson {
  return { id: team.id, orgID: team.orgId, name: team.name, description: team.description, membersCount: team.membersCount };
}

const noSuchTeam = (org: Pick<Account, 'name'>, name: string) => new ApiError('NO_SUCH_TEAM', 404, `No team ${name} in ${org.name}`);

/** A team of the organization, or NO_SUCH_TEAM. */
export async function teamOf(org: Pick<Account, 'id' | 'name'>, name: string) {
  const team = accountNameSchema.safeParse(name).success ? await q.findTeam(org.id, name) : undefined;
  if (!team) throw noSuchTeam(org, name);
  return team;
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
  return audited(principal, entry, (tx) => q.insertTeam({ orgId: org.id, ...input }, tx))
    .catch((e) => raceWithDelete(e, () => orgByName(orgName)))
    .catch((e) => teamExists(e, input.name));
}

export async function updateTeam(principal: Principal, orgName: string, teamName: string, patch: z.infer<typeof teamPatchSchema>) {
  const org = await orgByName(orgName);
  await requireOrgAdmin(principal, org);
  const team = await teamOf(org, teamName);
  const entry = { action: 'team.updated', targetType: 'team', target: `${org.name}/${team.name}`, details: patch } as const;
  await audited(principal, entry, async (tx) => {
    // A team deleted since it was read is not renamed into being: 404, and no event.
    if (!(await q.updateTeam(team.id, patch, tx))) throw noSuchTeam(org, teamName);
  }).catch((e) => teamExists(e, patch.name));
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
  // The team, its organization or the user may go while this runs: 404 for the one that went.
  await audited(principal, entry, (tx) => q.addTeamMember(team, user.id, tx)).catch((error) =>
    raceWithDelete(error, async () => Promise.all([teamOf(await orgByName(orgName), teamName), userByName(userName)])),
  );
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
