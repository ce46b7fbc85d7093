// Organizations, their members and their teams, inserted through the data layer.
import type { Account, Repository, Team } from '@/db/schema';
import { addTeamMember, insertAccount, insertTeam, upsertOrgMember } from '@/lib/accounts/queries';
import type { AccessLevel } from '@/lib/repositories/permissions';
import { grantTeamAccess } from '@/lib/repositories/queries';
import { uniqueName, type TestUser } from './users';

/** An organization with the given admins and (plain) members. */
export async function createOrg(opts: { admins?: TestUser[]; members?: TestUser[] } = {}): Promise<Account> {
  const org = await insertAccount({ name: uniqueName('org'), isOrg: true });
  for (const admin of opts.admins ?? []) await joinOrg(org, admin, { admin: true });
  for (const member of opts.members ?? []) await joinOrg(org, member);
  return org;
}

/** Makes `user` a member (or an admin) of `org`. */
export async function joinOrg(org: Pick<Account, 'id'>, user: TestUser, opts: { admin?: boolean } = {}) {
  await upsertOrgMember(org.id, user.account.id, opts.admin ?? false);
}

/** A team of `org`, with the given members and grants. */
export async function createTeam(
  org: Pick<Account, 'id'>,
  opts: { name?: string; members?: TestUser[]; grants?: [Pick<Repository, 'id'>, AccessLevel][] } = {},
): Promise<Team> {
  const team = await insertTeam({ orgId: org.id, name: opts.name ?? uniqueName('team'), description: '' });
  for (const member of opts.members ?? []) await addTeamMember(team, member.account.id);
  for (const [repository, level] of opts.grants ?? []) await grantTeamAccess(team.id, repository.id, level);
  return team;
}
