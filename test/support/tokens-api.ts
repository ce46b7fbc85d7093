// The MSR access-token API as a client calls it, and the shape it answers.
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/v0/api_tokens/[hashedToken]/route';
import { GET as listRoute, POST as createRoute } from '@/app/api/v0/api_tokens/route';
import type { ApiToken } from '@/lib/access-tokens/lifecycle';
import { allPages, call, expectJson, withStart } from './http';

/** A token as its creation answers it: the only answer with the secret. */
export type NewApiToken = ApiToken & { token: string };

export const API_TOKEN_KEYS = [
  'createdAt',
  'creatorUa',
  'expiresAt',
  'generatedBy',
  'hashedToken',
  'isActive',
  'lastUsed',
  'lastUsedIp',
  'repositories',
  'rotatingUntil',
  'scope',
  'temporary',
  'tokenLabel',
  'username',
];

type HeaderValues = Record<string, string>;

// Every call takes the Authorization header first (none for an anonymous one); `query` starts with `?`.
export const tokenApi = {
  create: (a: string | undefined, opts: { body?: unknown; query?: string; headers?: HeaderValues } = {}) =>
    call(createRoute, 'POST', `/api/v0/api_tokens${opts.query ?? ''}`, { auth: a, body: opts.body, headers: opts.headers }),
  list: (a: string | undefined, query = '', headers?: HeaderValues) => call(listRoute, 'GET', `/api/v0/api_tokens${query}`, { auth: a, headers }),
  one: (method: 'GET' | 'PATCH' | 'DELETE', a: string, hashedToken: string, body?: unknown, headers?: HeaderValues) => {
    const handler = { GET: getRoute, PATCH: patchRoute, DELETE: deleteRoute }[method];
    return call(handler, method, `/api/v0/api_tokens/${hashedToken}`, { auth: a, body, headers, params: { hashedToken } });
  },
};

/** The rows of a token list answer. */
export const apiTokensOf = (body: unknown) => body as ApiToken[];

/** Every token the caller can list, across pages; `query` adds to `?pageSize=100`. */
export const allTokens = (authorization: string, query = '') =>
  allPages((start) => tokenApi.list(authorization, withStart(`?pageSize=100${query}`, start)), apiTokensOf);

/** How many tokens a user has, as X-Resource-Count says. */
export async function tokenCount(authorization: string, username: string): Promise<number> {
  const response = await tokenApi.list(authorization, `?username=${username}&count=true`);
  await expectJson(response);
  return Number(response.headers.get('x-resource-count'));
}
