// The MSR repository API (repositories and their team access) as a client calls it, and the shapes
// it answers.
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import { DELETE as revokeRoute, PUT as grantRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import { GET as teamAccessRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/route';
import { GET as listNamespaceRoute, POST as createRoute } from '@/app/api/v0/repositories/[namespace]/route';
import { GET as listAllRoute } from '@/app/api/v0/repositories/route';
import type { TeamJson } from './accounts-api';
import { allPages, call, expectJson, withStart } from './http';
import { passwordAuth, type TestUser } from './users';

export type RepositoryJson = {
  id: string;
  namespace: string;
  namespaceType: 'user' | 'organization';
  name: string;
  shortDescription: string;
  longDescription: string;
  visibility: 'public' | 'private';
  scanOnPush: boolean;
  immutableTags: boolean;
  enableManifestLists: boolean;
  pulls: number;
  pushes: number;
  tagLimit: number;
};
export type RepositoryList = { repositories: RepositoryJson[] };
export type TeamAccessList = { repository: RepositoryJson; teamAccessList: { accessLevel: string; team: TeamJson }[] };
export type TeamAccess = { accessLevel: string; team: TeamJson; repository: RepositoryJson };

const params = (namespace: string, repo: string) => ({ namespace, repo });
const path = (namespace: string, repo: string) => `/api/v0/repositories/${namespace}/${repo}`;

// Every call takes the Authorization header first (none for an anonymous one); `query` starts with `?`.
export const repositoryApi = {
  create: (a: string | undefined, namespace: string, body: unknown) =>
    call(createRoute, 'POST', `/api/v0/repositories/${namespace}`, { auth: a, body, params: { namespace } }),
  list: (a: string | undefined, query = '', headers?: Record<string, string>) => call(listAllRoute, 'GET', `/api/v0/repositories${query}`, { auth: a, headers }),
  listNamespace: (a: string, namespace: string, query = '') =>
    call(listNamespaceRoute, 'GET', `/api/v0/repositories/${namespace}${query}`, { auth: a, params: { namespace } }),
  get: (a: string | undefined, ns: string, repo: string) => call(getRoute, 'GET', path(ns, repo), { auth: a, params: params(ns, repo) }),
  patch: (a: string, ns: string, repo: string, body: unknown) => call(patchRoute, 'PATCH', path(ns, repo), { auth: a, body, params: params(ns, repo) }),
  delete: (a: string, ns: string, repo: string) => call(deleteRoute, 'DELETE', path(ns, repo), { auth: a, params: params(ns, repo) }),
  teamAccess: (a: string, ns: string, repo: string) => call(teamAccessRoute, 'GET', `${path(ns, repo)}/teamAccess`, { auth: a, params: params(ns, repo) }),
  grant: (a: string, ns: string, repo: string, team: string, body: unknown) =>
    call(grantRoute, 'PUT', `${path(ns, repo)}/teamAccess/${encodeURIComponent(team)}`, { auth: a, body, params: { ...params(ns, repo), team } }),
  revoke: (a: string, ns: string, repo: string, team: string) =>
    call(revokeRoute, 'DELETE', `${path(ns, repo)}/teamAccess/${encodeURIComponent(team)}`, { auth: a, params: { ...params(ns, repo), team } }),
};

export const repositoriesOf = (body: unknown) => (body as RepositoryList).repositories;

/** Every repository `GET /api/v0/repositories` lists for a credential, across all pages, as namespace/name. */
export async function listedRepositories(authorization: string): Promise<string[]> {
  const rows = await allPages((start) => repositoryApi.list(authorization, withStart('?pageSize=100', start)), repositoriesOf);
  return rows.map((r) => `${r.namespace}/${r.name}`);
}

/** The names of every repository of a namespace that a credential sees, across all pages. */
export async function repositoryNames(authorization: string, namespace: string): Promise<string[]> {
  const rows = await allPages((start) => repositoryApi.listNamespace(authorization, namespace, withStart('?pageSize=100', start)), repositoriesOf);
  return rows.map((r) => r.name);
}

/** A repository's grants as an admin of it reads them, as `team:level`. */
export const grantsOf = async (admin: TestUser, namespace: string, repo: string) =>
  (await expectJson<TeamAccessList>(await repositoryApi.teamAccess(passwordAuth(admin), namespace, repo))).teamAccessList.map(
    (g) => `${g.team.name}:${g.accessLevel}`,
  );
