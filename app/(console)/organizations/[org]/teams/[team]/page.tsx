import Link from 'next/link';
import { notFound } from 'next/navigation';
import { keyPageOf, namePageOf, Pager, type SearchParams } from '@/app/components/pager';
import { ApiError } from '@/lib/errors';
import { getTeam, listTeamMembers } from '@/lib/accounts/teams';
import { isOrgAdmin } from '@/lib/accounts/organizations';
import { repositoryCursorSchema } from '@/lib/repositories/repositories';
import { listTeamRepositories } from '@/lib/repositories/team-access';
import { requireUser } from '@/lib/auth/session';
import { AddTeamMemberForm, RemoveTeamMemberButton } from '../../../forms';
import { DataTable } from '@/app/components/data-table';

type Props = { params: Promise<{ org: string; team: string }>; searchParams: Promise<SearchParams> };

const pageSize = 50;

export default async function TeamPage({ params, searchParams }: Props) {
  const principal = await requireUser();
  const { org, team: teamName } = await params;
  const query = await searchParams;
  const [team, members] = await Promise.all([
    getTeam(principal, org, teamName),
    namePageOf(query, 'membersStart', pageSize, (opts) => listTeamMembers(principal, org, teamName, opts), (m) => m.member.name),
  ]).catch((e) => {
    if (e instanceof ApiError) notFound();
    throw e;
  });
  const [canManage, grants] = await Promise.all([
    isOrgAdmin(principal, team.orgId),
    keyPageOf(query, 'reposStart', pageSize, repositoryCursorSchema, (opts) => listTeamRepositories(principal, org, teamName, opts), (g) => ({ namespace: g.namespace, name: g.name })),
  ]);
  const pager = { path: `/organizations/${org}/teams/${team.name}`, params: query };
  return (
    <section className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/organizations" className="hover:underline">
            Organizations
          </Link>{' '}
          /{' '}
          <Link href={`/organizations/${org}`} className="hover:underline">
            {org}
          </Link>{' '}
          /
        </p>
        <h1 className="text-2xl font-semibold">Team {team.name}</h1>
        {team.description && <p className="text-slate-600">{team.description}</p>}
      </div>
      <section aria-labelledby="team-members-heading" className="space-y-3">
        <h2 id="team-members-heading" className="text-lg font-semibold">
          Members
        </h2>
        {canManage && <AddTeamMemberForm org={org} team={team.name} />}
        {members.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No members yet.</p>
        ) : (
          <DataTable caption="Team members">
            <thead>
              <tr>
                <th scope="col">Username</th>
                {canManage && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {members.rows.map(({ member }) => (
                <tr key={member.id}>
                  <td className="font-medium">{member.name}</td>
                  {canManage && (
                    <td>
                      <RemoveTeamMemberButton org={org} team={team.name} username={member.name} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <Pager label="members" cursorKey="membersStart" {...pager} next={members.next} first={members.first} count={team.membersCount} />
      </section>
      <section aria-labelledby="team-access-heading" className="space-y-3">
        <h2 id="team-access-heading" className="text-lg font-semibold">
          Repository access
        </h2>
        {grants.rows.length === 0 ? (
          <p className="text-sm text-slate-600">This team has no repository access yet. Grant it from a repository&apos;s Settings tab.</p>
        ) : (
          <DataTable caption="Repository access of the team">
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {grants.rows.map((g) => (
                <tr key={`${g.namespace}/${g.name}`}>
                  <td>
                    <Link href={`/repositories/${g.namespace}/${g.name}`} className="text-sky-700 hover:underline">
                      {g.namespace}/{g.name}
                    </Link>
                  </td>
                  <td>{g.accessLevel}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <Pager label="repositories" cursorKey="reposStart" {...pager} next={grants.next} first={grants.first} />
      </section>
    </section>
  );
}
