import Link from 'next/link';
import { notFound } from 'next/navigation';
import { keyPageOf, namePageOf, Pager, type SearchParams } from '@/app/components/pager';
import { ApiError } from '@/lib/errors';
import { accountsJson } from '@/lib/accounts/accounts';
import { isOrgAdmin, listOrgMembers, orgByName } from '@/lib/accounts/organizations';
import { listTeams } from '@/lib/accounts/teams';
import { countRepositories, listRepositories, repositoryCursorSchema } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';
import { AddOrgMemberForm, CreateTeamForm, DeleteTeamButton, OrgMemberActions } from '../forms';
import { DataTable } from '@/app/components/data-table';

type Props = { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> };

const pageSize = 50;

export default async function OrganizationPage({ params, searchParams }: Props) {
  const principal = await requireUser();
  const { org } = await params;
  const query = await searchParams;
  // Members and teams are visible to the organization's members and to system admins only.
  const [account, members, teams] = await Promise.all([
    orgByName(org),
    namePageOf(query, 'membersStart', pageSize, (opts) => listOrgMembers(principal, org, opts), (m) => m.member.name),
    namePageOf(query, 'teamsStart', pageSize, (opts) => listTeams(principal, org, opts), (t) => t.name),
  ]).catch((e) => {
    if (e instanceof ApiError) notFound();
    throw e;
  });
  const [canManage, [counts], repositories, repositoryCount] = await Promise.all([
    isOrgAdmin(principal, account.id),
    accountsJson([account]),
    keyPageOf(query, 'reposStart', pageSize, repositoryCursorSchema, (opts) => listRepositories(principal, { namespace: org, ...opts }), (r) => ({ namespace: r.namespace, name: r.name })),
    countRepositories(principal, { namespace: org }),
  ]);
  const pager = { path: `/organizations/${org}`, params: query };
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
        <DataTable caption="Members">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.rows.map(({ member, isAdmin }) => (
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
        </DataTable>
        <Pager label="members" cursorKey="membersStart" {...pager} next={members.next} first={members.first} count={counts.membersCount} />
      </section>

      <section aria-labelledby="teams-heading" className="space-y-3">
        <h2 id="teams-heading" className="text-lg font-semibold">
          Teams
        </h2>
        {canManage && <CreateTeamForm org={org} />}
        {teams.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No teams yet.</p>
        ) : (
          <DataTable caption="Teams">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Description</th>
                <th scope="col">Members</th>
                {canManage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {teams.rows.map((team) => (
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
          </DataTable>
        )}
        <Pager label="teams" cursorKey="teamsStart" {...pager} next={teams.next} first={teams.first} count={counts.teamsCount} />
      </section>

      <section aria-labelledby="repos-heading" className="space-y-3">
        <h2 id="repos-heading" className="text-lg font-semibold">
          Repositories
        </h2>
        {repositories.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No repositories you can see.</p>
        ) : (
          <ul className="list-inside list-disc text-sm">
            {repositories.rows.map((r) => (
              <li key={r.id}>
                <Link href={`/repositories/${r.namespace}/${r.name}`} className="text-sky-700 hover:underline">
                  {r.namespace}/{r.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Pager label="repositories" cursorKey="reposStart" {...pager} next={repositories.next} first={repositories.first} count={repositoryCount} />
      </section>
    </section>
  );
}
