// The tags API of SPEC 11 as a client calls it, and the Tag JSON it answers.
import { DELETE as deleteRoute, GET as getRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/tags/[tag]/route';
import { GET as listRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/tags/route';
import { call } from './http';

export type TagJson = {
  name: string;
  digest: string;
  author: string;
  createdAt: string | null;
  updatedAt: string | null;
  manifest: { digest: string; mediaType: string; size: number; os: string; architecture: string };
  platforms: { os: string; architecture: string; variant: string; digest: string; size: number }[];
};

const path = (ns: string, repo: string) => `/api/v0/repositories/${ns}/${repo}/tags`;

export const tagsApi = {
  list: (a: string, ns: string, repo: string, query = '') => call(listRoute, 'GET', `${path(ns, repo)}${query}`, { auth: a, params: { namespace: ns, repo } }),
  get: (a: string, ns: string, repo: string, tag: string) =>
    call(getRoute, 'GET', `${path(ns, repo)}/${encodeURIComponent(tag)}`, { auth: a, params: { namespace: ns, repo, tag } }),
  delete: (a: string, ns: string, repo: string, tag: string) =>
    call(deleteRoute, 'DELETE', `${path(ns, repo)}/${encodeURIComponent(tag)}`, { auth: a, params: { namespace: ns, repo, tag } }),
};
