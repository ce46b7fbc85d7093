// Fixtures for the end-to-end suite: every test makes its own users and tokens through the real
// API, so tests never share state and can run in any order, in parallel.
import { randomBytes } from 'node:crypto';
import { test as base, expect, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';
import { ADMIN } from './env';
import {
  headerValue,
  recordApiResponse,
  recordAuthorization,
  recordBrowserRequest,
  recordSecret,
  recordSecretFields,
  recordingRoute,
  recordUnreadable,
} from './leak-record';

export { expect };

export type Account = { name: string; password: string };

/** MSR's NewAPIToken: the APIToken fields and, this one time, the token itself. */
export type NewToken = {
  token: string;
  hashedToken: string;
  tokenLabel: string;
  isActive: boolean;
  generatedBy: string;
  username: string;
};
export type ApiToken = Omit<NewToken, 'token'> & { lastUsed: string | null; createdAt: string; scope: string };

/** A name no other test uses, within SPEC 3's account-name rules. */
export function uniqueName(prefix = 'u'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function basicAuth(name: string, secret: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}` };
}

/** Asserts MSR's error envelope with the given code. */
export async function expectApiError(response: APIResponse, status: number, code?: string) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { errors: { code: string; message: string }[] };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]).toEqual({ code: code ?? expect.any(String), message: expect.any(String) });
  expect(body.errors[0].message.length).toBeGreaterThan(0);
}

/** The REST calls tests set up state with, each authenticated with Basic auth as `as`. */
export class Api {
  constructor(private readonly request: APIRequestContext) {}

  async createUser(opts: { prefix?: string; name?: string; password?: string; isAdmin?: boolean } = {}): Promise<Account> {
    const account = { name: opts.name ?? uniqueName(opts.prefix), password: opts.password ?? `pw-${randomBytes(9).toString('base64url')}` };
    const response = await this.request.post('/enzi/v0/accounts', {
      headers: basicAuth(ADMIN.name, ADMIN.password),
      data: { ...account, isAdmin: opts.isAdmin ?? false },
    });
    expect(response.status(), await response.text()).toBe(201);
    recordSecret(account.password, 'Api.createUser');
    return account;
  }

  /** A token for `as`, or (as an admin) for `opts.username`. */
  async createToken(as: Account, opts: { username?: string; tokenLabel?: string; expiresAt?: Date } = {}): Promise<NewToken> {
    const query = opts.username ? `?username=${opts.username}` : '';
    const response = await this.request.post(`/api/v0/api_tokens${query}`, {
      headers: basicAuth(as.name, as.password),
      data: { tokenLabel: opts.tokenLabel ?? '', ...(opts.expiresAt && { expiresAt: opts.expiresAt.toISOString() }) },
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as NewToken;
  }

  async setTokenActive(as: Account, hashedToken: string, isActive: boolean) {
    const response = await this.request.patch(`/api/v0/api_tokens/${hashedToken}`, {
      headers: basicAuth(as.name, as.password),
      data: { isActive },
    });
    expect(response.status(), await response.text()).toBe(200);
  }

  async listTokens(as: Account, username?: string): Promise<ApiToken[]> {
    const response = await this.request.get('/api/v0/api_tokens', {
      headers: basicAuth(as.name, as.password),
      params: { pageSize: 100, ...(username ? { username } : {}) },
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as ApiToken[];
  }

  /** The status of `GET /api/v0/repositories` with Basic auth: 200 when the credential works. */
  async repositoriesStatus(name: string, secret: string): Promise<number> {
    const response = await this.request.get('/api/v0/repositories', { headers: basicAuth(name, secret) });
    return response.status();
  }
}

/** Fills and submits the sign-in form; the caller waits for what should follow. */
export async function submitSignIn(page: Page, name: string, secret: string) {
  recordSecret(secret, 'sign-in form');
  await page.getByLabel('Username', { exact: true }).fill(name);
  await page.getByLabel('Password or access token', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the form, with a password or an access token, and waits for the console. */
export async function signIn(page: Page, name: string, secret: string) {
  await page.goto('/login');
  await submitSignIn(page, name, secret);
  await expect(page).toHaveURL(/\/repositories$/);
}

/**
 * The entry with the user's name at the foot of the left navigation; a session begun with a token
 * adds the token's hint after the name.
 */
export function userMenuEntry(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByText(new RegExp(`^${name.replace(/[.]/g, '\\.')}(\\W|$)`));
}

/** Opens the user menu (it stays open across pages once opened) and waits for its items. */
export async function openUserMenu(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const profile = nav.getByRole('link', { name: 'Profile' });
  if (!(await profile.isVisible())) await userMenuEntry(page, name).click();
  await expect(profile).toBeVisible();
  return nav;
}

export async function signOut(page: Page, name: string) {
  const nav = await openUserMenu(page, name);
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export async function openAccessTokens(page: Page, name: string) {
  const nav = await openUserMenu(page, name);
  await nav.getByRole('link', { name: 'Profile' }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${name}/profile$`));
  await page.getByRole('navigation', { name: 'Profile' }).getByRole('link', { name: 'Access Tokens' }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${name}/profile/access-tokens$`));
}

type RequestOptions = NonNullable<Parameters<APIRequestContext['fetch']>[1]>;
const REQUEST_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'fetch']);

/** The secrets a test sends with an API request: its Authorization header and password fields. */
function recordRequestSecrets(options: RequestOptions | undefined) {
  recordAuthorization(headerValue(options?.headers, 'authorization'), 'Authorization header');
  for (const fields of [options?.data, options?.form]) {
    if (fields && typeof fields === 'object' && !Buffer.isBuffer(fields)) {
      recordSecretFields(fields instanceof FormData ? fields.entries() : Object.entries(fields), 'request body');
    }
  }
}

/** The `request` fixture, recording for the leak check what goes out and every answer. */
function recordingRequest(inner: APIRequestContext): APIRequestContext {
  return new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !REQUEST_METHODS.has(property)) return value.bind(target);
      return async (urlOrRequest: unknown, options?: RequestOptions) => {
        recordRequestSecrets(options);
        const response = (await value.call(target, urlOrRequest, options)) as APIResponse;
        const method = property === 'fetch' ? (options?.method ?? 'GET').toUpperCase() : property.toUpperCase();
        await recordApiResponse(method, response);
        return response;
      };
    },
  });
}

type Fixtures = {
  api: Api;
  /** A fresh regular user, made for this test alone. */
  user: Account;
  admin: Account;
};

export const test = base.extend<Fixtures>({
  // Every answer the suite receives goes to the leak check (e2e/leak-record.ts): the API calls of
  // the `request` fixture, and everything a browser page fetches but static files.
  request: async ({ request }, use) => {
    await use(recordingRequest(request));
  },
  context: async ({ context }, use) => {
    const reads = new Set<Promise<void>>();
    let closing = false;
    const track = (read: Promise<void>) => {
      // A failure to record is a gap the leak check reports, unless the test was already over.
      const settled = read.catch((error: unknown) => void (closing || recordUnreadable('browser', error)));
      reads.add(settled);
      void settled.finally(() => reads.delete(settled));
    };
    context.on('request', (request) => track(recordBrowserRequest(request)));
    await context.route('**/*', (route) => track(recordingRoute(route)));
    await use(context);
    // A page may still be prefetching; what it fetched is recorded before the context closes.
    for (let round = 0; round < 10 && reads.size; round++) await Promise.all([...reads]);
    closing = true;
    await context.unrouteAll({ behavior: 'ignoreErrors' });
  },
  api: async ({ request }, use) => {
    await use(new Api(request));
  },
  user: async ({ api }, use) => {
    await use(await api.createUser());
  },
  admin: async ({}, use) => {
    await use({ ...ADMIN });
  },
});
