// SPEC 12, "Usage": after real traffic (skopeo through /v2, API calls, a sign-in with the token),
// View details shows the token's last 30 days as a chart with a table for screen readers.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL } from './env';
import { basicAuth, expect, openAccessTokens, signIn, test } from './fixtures';
import { buildOciImage, requireTool, run, tempDir } from './registry-support';

const HOST = new URL(BASE_URL).host;

type UsageDay = { date: string; pulls: number; pushes: number; apiCalls: number; signIns: number; ips: number };

test.beforeAll(() => requireTool('skopeo', 'skopeo'));

test('the usage chart in View details after pushes, pulls, API calls and a sign-in', async ({ page, api, user, request }) => {
  const { token, hashedToken } = await api.createToken(user, { tokenLabel: 'ci runner' });
  const creds = `${user.name}:${token}`;
  const image = buildOciImage('1', 2);
  const pushed = await run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${image.layout}:1`, `docker://${HOST}/${user.name}/app:1`]);
  expect(pushed.code, pushed.stderr).toBe(0);
  const out = path.join(tempDir('berth-usage-pull-'), 'layout');
  const pulled = await run('skopeo', ['copy', '--retry-times', '0', '--src-tls-verify=false', '--src-creds', creds, `docker://${HOST}/${user.name}/app:1`, `oci:${out}:1`]);
  expect(pulled.code, pulled.stderr).toBe(0);
  for (let i = 0; i < 3; i++) expect((await request.get('/api/v0/repositories', { headers: basicAuth(user.name, token) })).status()).toBe(200);

  // A sign-in with the token is one more use; the page then reads the usage (and this instance's counts).
  await signIn(page, user.name, token);
  const usage = await request.get(`/api/v0/api_tokens/${hashedToken}/usage?days=30`, { headers: basicAuth(user.name, user.password) });
  expect(usage.status()).toBe(200);
  const { days } = (await usage.json()) as { days: UsageDay[] };
  expect(days).toHaveLength(30);
  const today = days[29];
  expect(today).toMatchObject({ pushes: 1, apiCalls: 3, signIns: 1, ips: 1 });
  expect(today.pulls).toBeGreaterThanOrEqual(1);

  await openAccessTokens(page, user.name);
  await page.getByRole('row').filter({ hasText: 'ci runner' }).getByRole('link', { name: 'View details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Access token details' });
  await expect(dialog.getByRole('heading', { name: 'Usage, last 30 days' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: new RegExp(`Last 30 days: ${today.pulls} pulls, 1 pushes, 3 api calls, 1 sign-ins`) })).toBeVisible();
  const table = dialog.getByRole('table', { name: 'Usage per day' });
  await expect(table.getByRole('row')).toHaveCount(31);
  const row = table.getByRole('row', { name: new RegExp(`^${today.date}`) });
  await expect(row.getByRole('cell')).toHaveText([String(today.pulls), '1', '3', '1', '1']);
  await expect(dialog.getByRole('list', { name: 'Last used from' }).getByRole('listitem')).toHaveCount(1);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
