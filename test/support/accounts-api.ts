// The eNZi account API (accounts, organization members, teams) as a client calls it, and the shapes
// it answers.
import { DELETE as deleteMemberRoute, PUT as putMemberRoute } from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import { GET as listMembersRoute } from '@/app/enzi/v0/accounts/[name]/members/route';
import { DELETE as deleteAccountRoute, GET as getAccountRoute, PATCH as patchAccountRoute } from '@/app/enzi/v0/accounts/[name]/route';
import { DELETE as deleteTeamMemberRoute, PUT as putTeamMemberRoute } from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import { GET as listTeamMembersRoute } from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/route';
import { DELETE as deleteTeamRoute, GET as getTeamRoute, PATCH as patchTeamRoute } from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import { GET as listTeamsRoute, POST as createTeamRoute } from '@/app/enzi/v0/accounts/[name]/teams/route';
import { POST as unlockRoute } from '@/app/enzi/v0/accounts/[name]/unlock/route';
import { GET as listAccountsRoute, POST as createAccountRoute } from '@/app/enzi/v0/accounts/route';
import { allEnziPages, call, expectJson } from './http';
import { createUser, passwordAuth, uniqueName, type TestUser } from './users';

export type AccountJson = {
  id: string;
  name: string;
  fullName: string;
  isOrg: boolean;
  isAdmin: boolean;
  isActive: boolean;
  membersCount: number;
  teamsCount: number;
};
export type AccountList = { accounts: AccountJson[]; nextPageStart: string };
export type TeamJson = { id: string; orgID: string; name: string; description: string; membersCount: number };
export type MemberJson = { member: AccountJson; isAdmin: boolean };
export type TeamList = { teams: TeamJson[]; nextPageStart: string };
export type MemberList = { members: MemberJson[]; nextPageStart: string };

export const ACCOUNT_KEYS = ['fullName', 'id', 'isActive', 'isAdmin', 'isOrg', 'membersCount', 'name', 'teamsCount'];
export const TEAM_KEYS = ['description', 'id', 'membersCount', 'name', 'orgID'];

const account = (name: string) => `/enzi/v0/accounts/${encodeURIComponent(name)}`;

// Every call takes the Authorization header first; `query` starts with `?`.
export const enzi = {
  createAccount: (a: string, body: unknown) => call(createAccountRoute, 'POST', '/enzi/v0/accounts', { auth: a, body }),
  createOrg: (a: string, name: string) => call(createAccountRoute, 'POST', '/enzi/v0/accounts', { auth: a, body: { name, isOrg: true } }),
  accounts: (a: string, query = '') => call(listAccountsRoute, 'GET', `/enzi/v0/accounts${query}`, { auth: a }),
  getAccount: (a: string, name: string) => call(getAccountRoute, 'GET', account(name), { auth: a, params: { name } }),
  patchAccount: (a: string, name: string, body: unknown) => call(patchAccountRoute, 'PATCH', account(name), { auth: a, body, params: { name } }),
  deleteAccount: (a: string, name: string) => call(deleteAccountRoute, 'DELETE', account(name), { auth: a, params: { name } }),
  unlock: (a: string, name: string) => call(unlockRoute, 'POST', `${account(name)}/unlock`, { auth: a, params: { name } }),
  members: (a: string, org: string, query = '') => call(listMembersRoute, 'GET', `${account(org)}/members${query}`, { auth: a, params: { name: org } }),
  putMember: (a: string, org: string, member: string, body: unknown = {}) =>
    call(putMemberRoute, 'PUT', `${account(org)}/members/${member}`, { auth: a, body, params: { name: org, member } }),
  deleteMember: (a: string, org: string, member: string) =>
    call(deleteMemberRoute, 'DELETE', `${account(org)}/members/${member}`, { auth: a, params: { name: org, member } }),
  teams: (a: string, org: string, query = '') => call(listTeamsRoute, 'GET', `${account(org)}/teams${query}`, { auth: a, params: { name: org } }),
  createTeam: (a: string, org: string, body: unknown) => call(createTeamRoute, 'POST', `${account(org)}/teams`, { auth: a, body, params: { name: org } }),
  getTeam: (a: string, org: string, team: string) => call(getTeamRoute, 'GET', `${account(org)}/teams/${team}`, { auth: a, params: { name: org, team } }),
  patchTeam: (a: string, org: string, team: string, body: unknown) =>
    call(patchTeamRoute, 'PATCH', `${account(org)}/teams/${team}`, { auth: a, body, params: { name: org, team } }),
  deleteTeam: (a: string, org: string, team: string) =>
    call(deleteTeamRoute, 'DELETE', `${account(org)}/teams/${team}`, { auth: a, params: { name: org, team } }),
  teamMembers: (a: string, org: string, team: string, query = '') =>
    call(listTeamMembersRoute, 'GET', `${account(org)}/teams/${team}/members${query}`, { auth: a, params: { name: org, team } }),
  putTeamMember: (a: string, org: string, team: string, member: string) =>
    call(putTeamMemberRoute, 'PUT', `${account(org)}/teams/${team}/members/${member}`, { auth: a, params: { name: org, team, member } }),
  deleteTeamMember: (a: string, org: string, team: string, member: string) =>
    call(deleteTeamMemberRoute, 'DELETE', `${account(org)}/teams/${team}/members/${member}`, { auth: a, params: { name: org, team, member } }),
};

/** The paging part of an eNZi list query: pages of 100, from `start` on. */
const pageOf100 = (start?: string) => `limit=100${start ? `&start=${start}` : ''}`;

/** Every account a filter selects, across pages. */
export const allAccounts = (a: string, filter: string) =>
  allEnziPages((start) => enzi.accounts(a, `?filter=${filter}&${pageOf100(start)}`), (b: AccountList) => b.accounts);

/** The members of an organization, as `name` or `name (admin)`. */
export const memberNames = async (a: string, org: string) =>
  (await allEnziPages((start) => enzi.members(a, org, `?${pageOf100(start)}`), (b: MemberList) => b.members)).map(
    (m) => `${m.member.name}${m.isAdmin ? ' (admin)' : ''}`,
  );

export const teamNames = async (a: string, org: string) =>
  (await allEnziPages((start) => enzi.teams(a, org, `?${pageOf100(start)}`), (b: TeamList) => b.teams)).map((t) => t.name);

export const teamMemberNames = async (a: string, org: string, team: string) =>
  (await allEnziPages((start) => enzi.teamMembers(a, org, team, `?${pageOf100(start)}`), (b: MemberList) => b.members)).map((m) => m.member.name);

/** An organization created by a system admin through the API, with an org admin made through PUT members/{user}. */
export async function orgWithAdmin(admin?: TestUser) {
  admin ??= await createUser({ admin: true });
  const orgAdmin = await createUser({ prefix: 'orgadm' });
  const org = uniqueName('org');
  await expectJson(await enzi.createOrg(passwordAuth(admin), org), 201);
  await expectJson(await enzi.putMember(passwordAuth(admin), org, orgAdmin.name, { isAdmin: true }));
  return { admin, orgAdmin, org };
}
