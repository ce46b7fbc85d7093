// An organization's members see its teams and their members, but the repositories a team has a
// grant on only where they may see the repository themself: the team page of a team they are not in
// names no private repository they have no access to (SPEC 3, 8).
import { isValidElement, type ReactNode } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Account, Repository, Team } from '@/db/schema';
import { listTeamRepositories } from '@/lib/repositories/team-access';
import OrganizationPage from '@/app/(console)/organizations/[org]/page';
import TeamPage from '@/app/(console)/organizations/[org]/teams/[team]/page';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { request } from '../support/next-request';
import { createToken } from '../support/tokens';
import { createUser, sessionCookieValue, signIn, uniqueName, type TestUser } from '../support/users';

// The pages are rendered as Next renders them on the server, in the request of the stand-in below.
vi.mock('next/headers', () => import('../support/next-request'));
// The pages import their forms and so the actions: with the real next/cache they would stay loaded so in
// this worker (isolate: false), and a later file's actions would revalidate outside a request.
vi.mock('next/cache', () => import('../support/next-request'));

/** Every text and link target of a server-rendered element tree, the way a reader of the page gets it. */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement(node)) {
    const props = node.props as { children?: ReactNode; href?: string };
    return `${props.href ? ` ${props.href} ` : ''}${textOf(props.children)} `;
  }
  return '';
}

async function viewAs(user: TestUser) {
  request.session = await sessionCookieValue(await signIn(user));
}

let org: Account;
let team: Team;
let secret: Repository;
let open: Repository;
let shared: Repository;
let users: { insider: TestUser; outsider: TestUser; orgAdmin: TestUser; admin: TestUser };

beforeAll(async () => {
  org = await createOrg();
  [secret, open, shared] = await Promise.all([
    createRepository(org, uniqueName('secret')),
    createRepository(org, uniqueName('open'), 'public'),
    createRepository(org, uniqueName('shared')),
  ]);
  const [insider, outsider, orgAdmin, admin] = await Promise.all([
    createUser({ prefix: 'insider' }),
    createUser({ prefix: 'outsider' }),
    createUser({ prefix: 'org-admin' }),
    createUser({ admin: true, prefix: 'sysadmin' }),
  ]);
  users = { insider, outsider, orgAdmin, admin };
  await joinOrg(org, outsider);
  await joinOrg(org, orgAdmin, { admin: true });
  team = await createTeam(org, { members: [insider], grants: [[secret, 'read-write'], [open, 'read-only'], [shared, 'read-only']] });
  // The outsider reaches `shared` through a team of their own, never `secret`.
  await createTeam(org, { members: [outsider], grants: [[shared, 'read-only']] });
});

const names = (rows: { namespace: string; name: string }[]) => rows.map((r) => `${r.namespace}/${r.name}`).sort();
const full = (r: Repository) => `${r.namespace}/${r.name}`;

describe("a team's repositories", () => {
  it('are listed to a member outside the team only where they may see the repository', async () => {
    expect(names(await listTeamRepositories(await signIn(users.outsider), org.name, team.name, { limit: 100 }))).toEqual([full(open), full(shared)].sort());
  });

  it('are all listed to the team, the organization admins and system admins', async () => {
    for (const user of [users.insider, users.orgAdmin, users.admin]) {
      expect(names(await listTeamRepositories(await signIn(user), org.name, team.name, { limit: 100 })), user.name).toEqual([full(secret), full(open), full(shared)].sort());
    }
  });

  it('follow the credential: a read-only token of the outsider sees no more', async () => {
    const { token } = await createToken(users.outsider, { scope: 'read-only' });
    expect(names(await listTeamRepositories(await signIn({ name: users.outsider.name, password: token }), org.name, team.name, { limit: 100 }))).toEqual([full(open), full(shared)].sort());
  });
});

describe('the pages an organization member reads', () => {
  const teamPage = async () => textOf(await TeamPage({ params: Promise.resolve({ org: org.name, team: team.name }), searchParams: Promise.resolve({}) }));
  const orgPage = async () => textOf(await OrganizationPage({ params: Promise.resolve({ org: org.name }), searchParams: Promise.resolve({}) }));

  it('the team page of a team they are not in names no private repository they cannot see', async () => {
    await viewAs(users.outsider);
    const page = await teamPage();
    expect(page).toContain(`Team ${team.name}`);
    expect(page).toContain(full(open));
    expect(page).toContain(full(shared));
    expect(page).not.toContain(secret.name);
  });

  it('the organization page neither', async () => {
    await viewAs(users.outsider);
    const page = await orgPage();
    expect(page).toContain(team.name);
    expect(page).not.toContain(secret.name);
  });

  it('the team itself reads every repository it was granted', async () => {
    await viewAs(users.insider);
    expect(await teamPage()).toContain(full(secret));
  });
});
