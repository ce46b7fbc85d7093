import { notFound } from 'next/navigation';
import { ApiError } from '@/lib/errors';
import { listTeams } from '@/lib/accounts/teams';
import { repositoryFor } from '@/lib/repositories/repositories';
import { listTeamAccess } from '@/lib/repositories/team-access';
import { requireUser } from '@/lib/auth/session';
import { GrantTeamForm, RepositorySettingsForm, RevokeTeamButton, TagSettingsForm } from '../../../forms';
import { DataTable } from '@/app/components/data-table';

type Props = { params: Promise<{ namespace: string; name: string }> };

export default async function RepositorySettingsPage({ params }: Props) {
  const principal = await requireUser();
  const { namespace, name } = await params;
  const { repository } = await repositoryFor(principal, namespace, name, 'admin').catch((e) => {
    if (e instanceof ApiError) notFound();
    throw e;
  });
  const repo = { namespace, name };
  const { teamAccessList } = await listTeamAccess(principal, namespace, name);
  const teams = repository.namespaceIsOrg ? await listTeams(principal, repository.namespace, { limit: 500 }) : [];
  return (
    <div className="space-y-10">
      <RepositorySettingsForm
        repo={repo}
        shortDescription={repository.shortDescription}
        longDescription={repository.longDescription}
        visibility={repository.visibility}
      />
      <TagSettingsForm repo={repo} immutableTags={repository.immutableTags} tagLimit={repository.tagLimit} />
      <section aria-labelledby="team-access-heading" className="space-y-3">
        <h2 id="team-access-heading" className="text-lg font-semibold">
          Team access
        </h2>
        {!repository.namespaceIsOrg ? (
          <p className="text-sm text-slate-600">Team access applies to repositories of an organization.</p>
        ) : (
          <>
            {teams.length > 0 ? (
              <GrantTeamForm repo={repo} teams={teams.map((t) => t.name)} />
            ) : (
              <p className="text-sm text-slate-600">{namespace} has no teams yet.</p>
            )}
            {teamAccessList.length > 0 && (
              <DataTable caption="Team access">
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    <th scope="col">Access</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {teamAccessList.map(({ team, accessLevel }) => (
                    <tr key={team.id}>
                      <td className="font-medium">{team.name}</td>
                      <td>{accessLevel}</td>
                      <td>
                        <RevokeTeamButton repo={repo} team={team.name} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </>
        )}
      </section>
    </div>
  );
}
