import { z } from 'zod';
import { getTeam, teamJson, teamOf } from '@/lib/accounts/teams';
import { audited, auditedRemoval } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { invalidParameters, raceWithDelete } from '@/lib/errors';
import { ACCESS_LEVELS, type AccessLevel } from '@/lib/repositories/access-levels';
import { grantTeamAccess, listRepositoryAccessForTeam, listTeamAccessForRepository, revokeTeamAccess, type RepositoryCursor, type RepositoryRow } from '@/lib/repositories/queries';
import { repositoryFor, repositoryJson } from '@/lib/repositories/repositories';

export const teamAccessSchema = z.object({ accessLevel: z.enum(ACCESS_LEVELS) }).strict();

export async function listTeamAccess(principal: Principal, namespace: string, name: string) {
  const { repository } = await repositoryFor(principal, namespace, name, 'admin');
  const grants = await listTeamAccessForRepository(repository.id);
  return {
    repository: repositoryJson(repository),
    teamAccessList: grants.map((g) => ({ accessLevel: g.accessLevel, team: teamJson(g.team) })),
  };
}

/** A team of the organization that owns the repository; teams of other organizations do not exist here. */
async function owningOrgTeam(repository: RepositoryRow, teamName: string) {
  if (!repository.namespaceIsOrg) throw invalidParameters('Team access applies to repositories of an organization');
  return teamOf({ id: repository.namespaceId, name: repository.namespace }, teamName);
}

export async function setTeamAccess(principal: Principal, namespace: string, name: string, teamName: string, accessLevel: AccessLevel) {
  const { repository } = await repositoryFor(principal, namespace, name, 'admin');
  const team = await owningOrgTeam(repository, teamName);
  const entry = { action: 'repository.team_access_set', targetType: 'repository', target: `${namespace}/${name}`, details: { team: team.name, accessLevel } } as const;
  // The team or the repository may go while this runs: 404 for the one that went.
  await audited(principal, entry, (tx) => grantTeamAccess(team.id, repository.id, accessLevel, tx)).catch((error) =>
    raceWithDelete(error, async () => owningOrgTeam((await repositoryFor(principal, namespace, name, 'admin')).repository, teamName)),
  );
  return { accessLevel, team: teamJson(team), repository: repositoryJson(repository) };
}

export async function removeTeamAccess(principal: Principal, namespace: string, name: string, teamName: string) {
  const { repository } = await repositoryFor(principal, namespace, name, 'admin');
  const team = await owningOrgTeam(repository, teamName);
  const entry = { action: 'repository.team_access_removed', targetType: 'repository', target: `${namespace}/${name}`, details: { team: team.name } } as const;
  await auditedRemoval(principal, entry, (tx) => revokeTeamAccess(team.id, repository.id, tx));
}

/**
 * The repositories a team has a grant on, for whoever may see the team (its organization's members),
 * less those the viewer may not see themself.
 */
export async function listTeamRepositories(principal: Principal, orgName: string, teamName: string, page: { after?: RepositoryCursor; limit: number }) {
  const team = await getTeam(principal, orgName, teamName);
  return listRepositoryAccessForTeam(team.id, principal, page);
}
