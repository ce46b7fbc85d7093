// SPEC 10, "No secret in any stored or logged field", against the real server: a token sent as the
// username (`curl -u <token>:x`), and a password typed into the username field of the sign-in form.
// The leak check that runs after the suite (no-plaintext-secrets.check.ts) then greps the database
// files, the server log and every answer for both: the token may appear only in its creation answer.
import { basicAuth, expect, test } from './fixtures';
import { recordSecret } from './leak-record';

test('a token or a password in the username field is refused and kept nowhere', async ({ api, user, request, page }) => {
  const { token } = await api.createToken(user);
  const asUsername = basicAuth(token, 'x');
  expect((await request.get('/api/v0/repositories', { headers: asUsername })).status()).toBe(401);
  expect((await request.get('/auth/token?service=berth', { headers: asUsername })).status()).toBe(401);
  expect((await request.get('/v2/', { headers: asUsername })).status()).toBe(401);

  const password = `Typed-Into-The-Username-${Date.now()}`;
  recordSecret(password, 'username field');
  await page.goto('/login');
  // By hand: the form helper would record the "password" (here the username) as a secret.
  await page.getByLabel('Username', { exact: true }).fill(password);
  await page.getByLabel('Password or access token', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Incorrect username, password or access token');
  // The same as the Basic username of the API.
  expect((await request.get('/api/v0/repositories', { headers: basicAuth(password, user.password) })).status()).toBe(401);
});
