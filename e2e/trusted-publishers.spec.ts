// SPEC 12, keyless CI: a CI job with no stored secret trades its OIDC ID token (from a real issuer on
// loopback) for a 15-minute token and pushes an image with skopeo after `docker login`; the Trusted
// publishers page adds and deletes trusts as plain forms, without JavaScript (axe checks it in
// accessibility-pages.spec.ts).
import { BASE_URL } from './env';
import { basicAuth, expect, signIn, test } from './fixtures';
import { recordSecret } from './leak-record';
import { buildOciImage, dockerLogin, requireTool, run } from './registry-support';
import { startTestIssuer } from '../test/support/oidc-issuer-server';

const HOST = new URL(BASE_URL).host;

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the Trusted publishers page adds and deletes a trust as plain forms', async ({ page, user }) => {
    await signIn(page, user.name, user.password);
    await page.goto('/trusted-publishers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trusted publishers');
    await page.getByLabel('Issuer URL').fill('https://token.actions.githubusercontent.com');
    await page.getByLabel('Audience').fill('berth');
    await page.getByLabel('Claim conditions').fill('repository=acme/app\nref=refs/heads/*');
    await page.getByLabel('Repositories').fill(`${user.name}/app`);
    await page.getByRole('button', { name: 'Add trust' }).click();
    const row = page.getByRole('row').filter({ hasText: 'token.actions.githubusercontent.com' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('ref=refs/heads/*');
    await row.getByRole('button', { name: /Delete the trust of/ }).click();
    await expect(page.getByText('No trusted publishers yet.')).toBeVisible();
  });

  test('a namespace the user does not administer is refused with a message', async ({ page, user }) => {
    await signIn(page, user.name, user.password);
    await page.goto('/trusted-publishers');
    await page.getByLabel('Issuer URL').fill('https://token.actions.githubusercontent.com');
    await page.getByLabel('Audience').fill('berth');
    await page.getByLabel('Repositories').fill('someone-else/*');
    await page.getByRole('button', { name: 'Add trust' }).click();
    await expect(page.getByText(/only for repositories in namespaces you administer/)).toBeVisible();
  });
});

test('a CI job with no stored secret: its ID token becomes a docker login password that pushes', async ({ request, user }) => {
  requireTool('docker', 'docker.io (the docker CLI)');
  requireTool('skopeo', 'skopeo');
  const issuer = await startTestIssuer();
  try {
    const created = await request.post('/api/v0/oidc_trusts', {
      headers: basicAuth(user.name, user.password),
      data: { issuer: issuer.url, audience: 'berth', conditions: { repository: 'acme/app', ref: 'refs/heads/main' }, repositories: [`${user.name}/app`] },
    });
    expect(created.status(), await created.text()).toBe(200);
    const repository = await request.post(`/api/v0/repositories/${user.name}`, { headers: basicAuth(user.name, user.password), data: { name: 'app' } });
    expect(repository.status(), await repository.text()).toBe(201);

    // The job: its ID token, the exchange, docker login, a push.
    const exchanged = await request.post('/auth/oidc/token', { data: { token: await issuer.sign() } });
    expect(exchanged.status(), await exchanged.text()).toBe(200);
    const { token, username } = (await exchanged.json()) as { token: string; username: string };
    recordSecret(token, 'POST /auth/oidc/token', { created: true });
    expect(username).toBe(user.name);
    const login = await dockerLogin(HOST, username, token);
    expect(login.code, login.stderr).toBe(0);
    const { layout } = buildOciImage('1', 1);
    const creds = `${username}:${token}`;
    const pushed = await run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:1`, `docker://${HOST}/${user.name}/app:1`]);
    expect(pushed.code, pushed.stderr).toBe(0);
    // Outside the trust's repositories the same token pushes nothing.
    const outside = await run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:1`, `docker://${HOST}/${user.name}/elsewhere:1`]);
    expect(outside.code).not.toBe(0);

    // A token for another branch is refused.
    const refused = await request.post('/auth/oidc/token', { data: { token: await issuer.sign({ ref: 'refs/heads/feature' }) } });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  } finally {
    await issuer.close();
  }
});
