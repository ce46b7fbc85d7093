import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { GET as listRepositoriesRoute } from '@/app/api/v0/repositories/route';
import type { Account, Repository, Team } from '@/db/schema';
import { createAccessToken } from '@/lib/access-tokens/lifecycle';
import { verifyCredentials } from '@/lib/auth/credentials';
import { type Principal } from '@/lib/auth/principal';
import { hashPassword } from '@/lib/auth/passwords';
import { encodeSession } from '@/lib/auth/session-cookie';
import { startWebSession } from '@/lib/auth/web-sessions';
import type { AccessLevel } from '@/lib/repositories/permissions';
import { insertAccount } from '@/lib/accounts/queries';
import { addTeamMember, insertTeam, upsertOrgMember } from '@/lib/accounts/queries';
import { grantTeamAccess } from '@/lib/repositories/queries';
import { insertRepository } from '@/lib/repositories/queries';
import { insertToken } from '@/lib/access-tokens/queries';
import { findTokenByHash } from '@/lib/auth/queries';
import { generateToken, hashToken, tokenHint, type TokenScope } from '@/lib/access-tokens/format';

export const BASE = 'http://localhost';

/** A name no other test, file or run uses: tests share the PostgreSQL database and run in parallel. */
export function uniqueName(prefix = 'u'): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

export type TestUser = { account: Account; name: string; password: string };

/** A user inserted through the data layer, with a password of its own. */
export async function createUser(opts: { admin?: boolean; active?: boolean; prefix?: string } = {}): Promise<TestUser> {
  const name = uniqueName(opts.prefix ?? (opts.admin ? 'admin' : 'user'));
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const account = await insertAccount({
    name,
    isAdmin: opts.admin ?? false,
    isActive: opts.active ?? true,
    passwordHash: await hashPassword(password),
  });
  return { account, name, password };
}

export async function createOrg(): Promise<Account> {
  return insertAccount({ name: uniqueName('org'), isOrg: true });
}

/** The principal of a password sign-in, as every credential path produces it. */
export async function signIn(user: Pick<TestUser, 'name' | 'password'>, ip = '127.0.0.1'): Promise<Principal> {
  const result = await verifyCredentials(user.name, user.password, ip);
  if (!result.ok) throw new Error(`sign-in of ${user.name} failed: ${result.reason}`);
  return result.principal;
}

/** A token for `user`, made by `by` (the user themself unless an admin makes it for them). */
export async function createToken(
  user: TestUser,
  opts: { by?: TestUser; scope?: TokenScope; tokenLabel?: string; expiresAt?: Date; temporary?: boolean } = {},
) {
  const creator = await signIn(opts.by ?? user);
  return createAccessToken(creator, {
    tokenLabel: opts.tokenLabel ?? 'test',
    scope: opts.scope ?? 'admin',
    expiresAt: opts.expiresAt,
    temporary: opts.temporary,
    username: user.name,
    userAgent: 'vitest',
  });
}

/** The value of a session cookie for a principal: a web session row, as a sign-in makes it. */
export async function sessionCookieValue(principal: Principal): Promise<string> {
  return encodeSession({ sid: await startWebSession(principal), uid: principal.user.id });
}

export const basic = (username: string, secret: string) =>
  `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;

export const bearer = (token: string) => `Bearer ${token}`;

/** A token-shaped secret whose checksum does not match. */
export function corrupt(token: string): string {
  const i = 10;
  return token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export type CallOptions<P> = {
  auth?: string;
  /** A value is sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  params?: P;
  headers?: Record<string, string>;
};

/** Calls an App Router route handler as Next would, with a real Request and its params. */
export function call<P extends Record<string, string>>(
  handler: Handler<P>,
  method: string,
  path: string,
  opts: CallOptions<P> = {},
): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.auth) headers.set('authorization', opts.auth);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers.set('content-type', 'application/json');
  }
  const request = new Request(new URL(path, BASE), { method, headers, body });
  return handler(request, { params: Promise.resolve(opts.params ?? ({} as P)) });
}

/** The JSON body of a successful answer, after checking its status. */
export async function expectJson<T = unknown>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/**
 * An MSR error answer: exactly `{"errors":[{"code","message"}]}` with the expected status and code;
 * a 401 also tells the client how to authenticate.
 */
export async function expectError(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  expect(body).toEqual({ errors: [{ code, message: expect.any(String) }] });
  expect(body.errors[0].message.length).toBeGreaterThan(0);
  if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Basic realm="berth"');
  return body.errors[0] as { code: string; message: string };
}

/** Follows X-Next-Page-Start until the last page; returns every page's rows. */
export async function allPages<T>(
  fetchPage: (pageStart?: string) => Promise<Response>,
  rowsOf: (body: unknown) => T[],
): Promise<T[]> {
  const rows: T[] = [];
  let pageStart: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const response = await fetchPage(pageStart);
    rows.push(...rowsOf(await expectJson(response)));
    pageStart = response.headers.get('x-next-page-start') ?? undefined;
    if (!pageStart) return rows;
  }
  throw new Error('pagination did not end');
}

/** A token written straight through the queries layer, for states the API refuses to create. */
export async function insertTokenRow(
  owner: TestUser,
  values: { expiresAt?: Date | null; generatedBy?: string; createdAt?: Date; lastUsed?: Date; isActive?: boolean } = {},
) {
  const token = generateToken();
  await insertToken({
    hashedToken: hashToken(token),
    ownerId: owner.account.id,
    hint: tokenHint(token),
    generatedBy: values.generatedBy ?? owner.name,
    expiresAt: values.expiresAt ?? null,
    createdAt: values.createdAt,
    lastUsed: values.lastUsed,
    isActive: values.isActive,
  });
  return token;
}

/** The stored row of a token, as the database has it now. */
export async function storedToken(token: string) {
  const row = await findTokenByHash(hashToken(token));
  if (!row) throw new Error('token not found');
  return row.token;
}

/** A repository inserted through the data layer, in a user's or an organization's namespace. */
export async function createRepository(
  namespace: Pick<Account, 'id' | 'name'>,
  name: string,
  visibility: 'public' | 'private' = 'private',
): Promise<Repository> {
  return insertRepository({ namespaceId: namespace.id, namespace: namespace.name, name, visibility });
}

/** Makes `user` a member (or an admin) of `org` through the data layer. */
export async function joinOrg(org: Pick<Account, 'id'>, user: TestUser, opts: { admin?: boolean } = {}) {
  await upsertOrgMember(org.id, user.account.id, opts.admin ?? false);
}

/** A team of `org` inserted through the data layer, with the given members and grants. */
export async function createTeam(
  org: Pick<Account, 'id'>,
  opts: { name?: string; members?: TestUser[]; grants?: [Pick<Repository, 'id'>, AccessLevel][] } = {},
): Promise<Team> {
  const team = await insertTeam({ orgId: org.id, name: opts.name ?? uniqueName('team'), description: '' });
  for (const member of opts.members ?? []) await addTeamMember(team, member.account.id);
  for (const [repository, level] of opts.grants ?? []) await grantTeamAccess(team.id, repository.id, level);
  return team;
}

type RepositoryListBody = { repositories: { namespace: string; name: string }[] };

/** Every repository `GET /api/v0/repositories` lists for a credential, across all pages, as namespace/name. */
export async function listedRepositories(authorization: string): Promise<string[]> {
  const rows = await allPages(
    (pageStart) =>
      call(listRepositoriesRoute, 'GET', `/api/v0/repositories?pageSize=100${pageStart ? `&pageStart=${pageStart}` : ''}`, {
        auth: authorization,
      }),
    (body) => (body as RepositoryListBody).repositories,
  );
  return rows.map((r) => `${r.namespace}/${r.name}`);
}
