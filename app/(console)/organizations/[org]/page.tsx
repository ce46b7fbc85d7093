import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiError } from '@/lib/errors';
import { listOrgMembers, orgByName } from '@/lib/accounts/organizations';
import { listTeams } from '@/lib/accounts/teams';
import { isOrgAdmin } from '@/lib/accounts/organizations';
import { listRepositories } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';
import { AddOrgMemberForm, CreateTeamForm, DeleteTeamButton, OrgMemberActions } from '../forms';

type Props = { params: Promise<{ org: string }> };

export default async function OrganizationPage({ params }: Props) {
  const principal = await requireUser();
  const { org } = await params;
  // Members and teams are visible to the organization's members and to system admins only.
  const [account, members, teams] = await Promise.all([
    orgByName(org),
    listOrgMembers(principal, org, { limit: 500 }),
    listTeams(principal, org, { limit: 500 }),
  ]).catch((e) => {
    if (e instanceof ApiError) notFound();
    throw e;
  });
  const canManage = await isOrgAdmin(principal, account.id);
  const repositories = await listRepositories(principal, { namespace: org, limit: 100 });
  return (
    <section className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/organizations" className="hover:underline">
            Organizations
          </Link>{' '}
          /
        </p>
        <h1 className="text-2xl font-semibold">{org}</h1>
      </div>

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        {canManage && <AddOrgMemberForm org={org} />}
        <table className="data-table rounded-lg bg-white">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map(({ member, isAdmin }) => (
              <tr key={member.id}>
                <td className="font-medium">{member.name}</td>
                <td>{isAdmin ? 'Admin' : 'Member'}</td>
                {canManage && (
                  <td>
                    <OrgMemberActions org={org} username={member.name} isAdmin={isAdmin} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="teams-heading" className="space-y-3">
        <h2 id="teams-heading" className="text-lg font-semibold">
          Teams
        </h2>
        {canManage && <CreateTeamForm org={org} />}
        {teams.length === 0 ? (
          <p className="text-sm text-slate-600">No teams yet.</p>
        ) : (
          <table className="data-table rounded-lg bg-white">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Description</th>
                <th scope="col">Members</th>
                {canManage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id}>
                  <td className="font-medium">
                    <Link href={`/organizations/${org}/teams/${team.name}`} className="text-sky-700 hover:underline">
                      {team.name}
                    </Link>
                  </td>
                  <td>{team.description}</td>
                  <td>{team.membersCount}</td>
                  {canManage && (
                    <td>
                      <DeleteTeamButton org={org} team={team.name} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="repos-heading" className="space-y-3">
        <h2 id="repos-heading" className="text-lg font-semibold">
          Repositories
        </h2>
        {repositories.length === 0 ? (
          <p className="text-sm text-slate-600">No repositories you can see.</p>
        ) : (
          <ul className="list-inside list-disc text-sm">
            {repositories.map((r) => (
              <li key={r.id}>
                <Link href={`/repositories/${r.namespace}/${r.name}`} className="text-sky-700 hover:underline">
                  {r.namespace}/{r.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
