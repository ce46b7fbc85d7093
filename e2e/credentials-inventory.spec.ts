// SPEC 12 on instances of this spec's own, on PostgreSQL, whose rows it can age: the Credentials page
// filters stale tokens and deactivates two of them; token usage counted on two instances adds up,
// and a clean shutdown (SIGTERM) writes what was counted.
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext } from '@playwright/test';
import { basicAuth, expect, submitSignIn, test, uniqueName, type Account } from './fixtures';
import { InstanceGroup, type Instance } from './instances';
import { recordSecret } from './leak-record';

// One group of servers for the file's tests, so they run in one worker, in order.
test.describe.configure({ mode: 'default' });

const group = new InstanceGroup('inventory');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await group.createDatabase();
  // One after the other: the first applies the migrations before the second starts.
  await group.start('a');
  await group.start('b');
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await group.close();
});

async function createUser(request: APIRequestContext, instance: Instance): Promise<Account> {
  const user = { name: uniqueName('inv'), password: `pw-${randomBytes(12).toString('base64url')}` };
  recordSecret(user.password, 'inventory user');
  const created = await request.post(`${instance.url}/enzi/v0/accounts`, { headers: basicAuth(group.admin.name, group.admin.password), data: { ...user, isAdmin: false } });
  expect(created.status(), await created.text()).toBe(201);
  return user;
}

async function createToken(request: APIRequestContext, instance: Instance, user: Account, tokenLabel: string) {
  const issued = await request.post(`${instance.url}/api/v0/api_tokens`, { headers: basicAuth(user.name, user.password), data: { tokenLabel } });
  expect(issued.status(), await issued.text()).toBe(200);
  return (await issued.json()) as { token: string; hashedToken: string };
}

test('the Credentials page filters stale tokens and deactivates two of them', async ({ page, request }) => {
  recordSecret(group.admin.password, 'instances admin');
  const [a] = group.instances;
  const user = await createUser(request, a);
  const tokens = {
    oldCi: await createToken(request, a, user, 'old ci job'),
    oldLaptop: await createToken(request, a, user, 'old laptop'),
    oldScanner: await createToken(request, a, user, 'old scanner'),
    fresh: await createToken(request, a, user, 'fresh token'),
  };
  // Made 200 days ago and never used since: stale for any N up to 200.
  const aged = [tokens.oldCi, tokens.oldLaptop, tokens.oldScanner].map((t) => t.hashedToken);
  await group.sql()`update access_tokens set created_at = now() - interval '200 days' where hashed_token in ${group.sql()(aged)}`;

  await page.goto(`${a.url}/login`);
  await submitSignIn(page, group.admin.name, group.admin.password);
  await expect(page).toHaveURL(/\/repositories$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' }).click();
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();

  await page.getByLabel('Unused for (days)').fill('90');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/stale=90/);
  const table = page.getByRole('table', { name: 'Access tokens of every user' });
  for (const label of ['old ci job', 'old laptop', 'old scanner']) await expect(table.getByRole('row').filter({ hasText: label })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'fresh token' })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await table.getByRole('checkbox', { name: `Select ${user.name}'s old ci job` }).check();
  await table.getByRole('checkbox', { name: `Select ${user.name}'s old laptop` }).check();
  await page.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate access tokens' });
  await expect(dialog.getByText('These 2 tokens stop working')).toBeVisible();
  const ok = dialog.getByRole('button', { name: 'Deactivate 2 tokens' });
  await expect(ok).toBeDisabled();
  await dialog.getByLabel('Type deactivate to confirm').fill('deactivate');
  await ok.click();
  await expect(page.getByText('Deactivated 2 access tokens.')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'old ci job' })).toContainText('Inactive');
  await expect(table.getByRole('row').filter({ hasText: 'old laptop' })).toContainText('Inactive');
  await expect(table.getByRole('row').filter({ hasText: 'old scanner' })).toContainText('Active');

  const status = async (t: { token: string }) => (await request.get(`${a.url}/api/v0/repositories`, { headers: basicAuth(user.name, t.token) })).status();
  expect([await status(tokens.oldCi), await status(tokens.oldLaptop), await status(tokens.oldScanner), await status(tokens.fresh)]).toEqual([401, 401, 200, 200]);

  // The CSV export of the same filter, and no secret in it. The scanner was just used, so it is no
  // longer stale: only the two deactivated tokens remain.
  const csv = await request.get(`${a.url}/credentials/export?stale=90`, { headers: basicAuth(group.admin.name, group.admin.password) });
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  const rows = text.split('\r\n').filter((l) => l.startsWith(`"${user.name}"`));
  expect(rows.map((l) => l.split(',')[1]).sort()).toEqual(['"old ci job"', '"old laptop"']);
  for (const t of Object.values(tokens)) expect(text).not.toContain(t.token);
});

test('usage counted on two instances adds up, and SIGTERM writes what was counted', async ({ request }) => {
  const [a, b] = group.instances;
  const user = await createUser(request, a);
  const { token, hashedToken } = await createToken(request, a, user, 'busy token');
  const call = (instance: Instance, ip: string) => request.get(`${instance.url}/api/v0/repositories`, { headers: { ...basicAuth(user.name, token), 'X-Forwarded-For': ip } });
  for (let i = 0; i < 3; i++) expect((await call(a, '198.51.100.1')).status()).toBe(200);
  for (let i = 0; i < 2; i++) expect((await call(b, '198.51.100.2')).status()).toBe(200);
  // Stopped right after the last call: what they counted since their last 10-second flush is only in memory.
  await Promise.all([group.stop(a), group.stop(b)]);

  const sql = group.sql();
  const stored = async () => {
    const [days] = await sql`select coalesce(sum(api_calls), 0)::int as api_calls from token_usage_days d join access_tokens t on t.id = d.token_id where t.hashed_token = ${hashedToken}`;
    const [ips] = await sql`select count(*)::int as ips from token_usage_ips i join access_tokens t on t.id = i.token_id where t.hashed_token = ${hashedToken}`;
    return { apiCalls: days.api_calls as number, ips: ips.ips as number };
  };
  // tsx may end a moment before the server process it runs.
  await expect.poll(stored).toEqual({ apiCalls: 5, ips: 2 });
});
