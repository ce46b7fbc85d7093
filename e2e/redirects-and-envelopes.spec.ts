// SPEC 10 against the real server and a real browser: a sign-in leads only to a path of this site,
// however `next` is spelled, and the sign-in API (next-auth's own endpoints) and the token service
// answer malformed requests in the error envelope, never with a 500 or an HTML error page.
import { randomBytes } from 'node:crypto';
import type { APIResponse } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, submitSignIn, test } from './fixtures';

const LEAVING = ['/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/\\evil.example', '//evil.example', '/%5cevil.example', '/\t/evil.example', 'https://evil.example/', 'javascript:alert(1)'];

test.describe('after sign-in', () => {
  for (const next of LEAVING) {
    test(`next=${JSON.stringify(next)} lands on /repositories`, async ({ page, user }) => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, user.name, user.password);
      await expect(page).toHaveURL(`${BASE_URL}/repositories`);
      await expect(page.getByRole('heading', { name: 'Repositories' })).toBeVisible();
    });
  }

  test('a path of this site is kept', async ({ page, user }) => {
    await page.goto(`/login?next=${encodeURIComponent('/organizations')}`);
    await submitSignIn(page, user.name, user.password);
    await expect(page).toHaveURL(`${BASE_URL}/organizations`);
  });
});

/** A wrong password of its own for each use: the leak check looks for every secret a test sends. */
const wrongSecret = () => `wrong-${randomBytes(9).toString('base64url')}`;

/** Never a 500, never an HTML error; a refusal is the envelope `{"errors":[{"code","message"}]}`. */
async function expectHonest(response: APIResponse, label: string) {
  const status = response.status();
  const type = response.headers()['content-type'] ?? '';
  const text = await response.text();
  expect(status, `${label}: ${text.slice(0, 300)}`).not.toBe(500);
  if (status < 400) return;
  expect(type, label).toMatch(/^application\/json/);
  expect(JSON.parse(text), label).toEqual({ errors: [{ code: expect.any(String), message: expect.any(String) }] });
}

test.describe('the sign-in API (next-auth)', () => {
  const noRedirect = { maxRedirects: 0 };

  test('answers malformed requests in the error envelope', async ({ request }) => {
    const cases: [string, () => Promise<APIResponse>][] = [
      ['malformed JSON', () => request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: '{"username":', ...noRedirect })],
      ['JSON of the wrong shape', () => request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: '[1,2]', ...noRedirect })],
      ['a form without a CSRF token', () => request.post('/api/auth/callback/credentials', { form: { username: 'x', password: wrongSecret() }, ...noRedirect })],
      ['a callbackUrl that is no URL', () => request.post('/api/auth/callback/credentials?callbackUrl=javascript:alert(1)', { form: { username: 'x' }, ...noRedirect })],
      ['a callbackUrl elsewhere', () => request.get('/api/auth/signin?callbackUrl=https://evil.example/', noRedirect)],
      ['its error page', () => request.get('/api/auth/error?error=Configuration', noRedirect)],
      ['an unknown action', () => request.get('/api/auth/no-such-action', noRedirect)],
      ['an unknown provider', () => request.post('/api/auth/callback/no-such-provider', { form: {}, ...noRedirect })],
      ['a session update without CSRF', () => request.post('/api/auth/session', { headers: { 'content-type': 'application/json' }, data: '{"data":{}}', ...noRedirect })],
      ['a body over 64 KiB', () => request.post('/api/auth/callback/credentials', { form: { username: 'x'.repeat(70_000) }, ...noRedirect })],
      ['a body that is not UTF-8', () => request.post('/api/auth/callback/credentials', { headers: { 'content-type': 'application/json' }, data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), ...noRedirect })],
    ];
    for (const [label, send] of cases) await expectHonest(await send(), label);
  });

  test('refuses wrong credentials in the envelope, and sends right ones only home', async ({ request, user }) => {
    const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const wrong = await request.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, username: user.name, password: wrongSecret(), json: 'true' },
      ...noRedirect,
    });
    expect(wrong.status()).toBe(401);
    await expectHonest(wrong, 'wrong password');
    const right = await request.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, username: user.name, password: user.password, json: 'true', callbackUrl: '/..//evil.example' },
      ...noRedirect,
    });
    expect(right.status(), await right.text()).toBe(200);
    // next-auth builds its absolute URLs on NEXTAUTH_URL (unset: http://localhost:3000); the path is ours.
    const home = new URL(((await right.json()) as { url: string }).url);
    expect(home.host).not.toBe('evil.example');
    expect(home.pathname).toBe('/repositories');
  });
});

test.describe('the token service', () => {
  test('answers malformed requests in its envelopes, never a 500', async ({ request, user }) => {
    const cases: [string, () => Promise<APIResponse>][] = [
      ['Basic that is no base64', () => request.get('/auth/token?service=berth', { headers: { Authorization: 'Basic !!!' } })],
      ['a username with a NUL byte', () => request.get('/auth/token?service=berth', { headers: basicAuth('a\u0000b', wrongSecret()) })],
      ['a username of 10 000 characters', () => request.get('/auth/token?service=berth', { headers: basicAuth('u'.repeat(10_000), wrongSecret()) })],
      ['a scope with a NUL byte', () => request.get(`/auth/token?service=berth&scope=${encodeURIComponent(`repository:${user.name}/a\u0000:pull`)}`, { headers: basicAuth(user.name, user.password) })],
      ['an account parameter that is not the user', () => request.get('/auth/token?service=berth&account=%00', { headers: basicAuth(user.name, user.password) })],
    ];
    for (const [label, send] of cases) await expectHonest(await send(), label);
    // OAuth2's form on POST: its own error shape, never a 500 or HTML.
    const posts: [string, () => Promise<APIResponse>][] = [
      ['no form', () => request.post('/auth/token', { headers: { 'content-type': 'application/json' }, data: '{}' })],
      ['a form that is not UTF-8', () => request.post('/auth/token', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: Buffer.from(`grant_type=password&username=%ff%fe&password=${wrongSecret()}`) })],
      ['a NUL in the username', () => request.post('/auth/token', { form: { grant_type: 'password', username: 'a\u0000b', password: wrongSecret(), service: 'berth' } })],
      ['a form over 64 KiB', () => request.post('/auth/token', { form: { grant_type: 'password', username: 'x'.repeat(70_000), password: wrongSecret() } })],
    ];
    for (const [label, send] of posts) {
      const response = await send();
      const text = await response.text();
      expect(response.status(), `${label}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(response.status(), `${label}: ${text}`).toBeLessThan(500);
      expect(JSON.parse(text), label).toEqual({ error: expect.any(String), error_description: expect.any(String) });
    }
  });
});
