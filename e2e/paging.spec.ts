// Every list pages (SPEC 13): the cursor lives in the URL, each page shows at most its size, the
// walk from the first page to the last shows every row once, and it all works without JavaScript.
import { type Page } from '@playwright/test';
import { basicAuth, expect, signIn, test, uniqueName, type Account, type Api } from './fixtures';
import { ADMIN } from './env';

test.use({ javaScriptEnabled: false });

const asAdmin = { headers: basicAuth(ADMIN.name, ADMIN.password) };

async function ok(response: Promise<{ status(): number; text(): Promise<string> }>, status = [200, 201]) {
  const r = await response;
  expect(status, await r.text()).toContain(r.status());
}

async function createUsers(api: Api, prefix: string, n: number): Promise<string[]> {
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  for (const name of names) await api.createUser({ name });
  return names;
}

/**
 * Follows "Next page" in the list whose pager is labelled `label`, from `start` to the end, and
 * returns the texts of `cells` on every page, checking no page shows more than `size` rows.
 */
async function walk(page: Page, start: string, label: string, cells: string, size: number): Promise<string[]> {
  await page.goto(start);
  const seen: string[] = [];
  for (let pages = 0; pages < 50; pages++) {
    const onPage = await page.locator(cells).allTextContents();
    expect(onPage.length).toBeLessThanOrEqual(size);
    seen.push(...onPage.map((t) => t.trim()));
    const next = page.getByRole('navigation', { name: `Pages of ${label}` }).getByRole('link', { name: 'Next page' });
    if ((await next.count()) === 0) return seen;
    const before = page.url();
    await next.click();
    await expect(page).not.toHaveURL(before);
    await expect(page.getByRole('navigation', { name: `Pages of ${label}` }).getByRole('link', { name: 'First page' })).toBeVisible();
  }
  throw new Error(`${label}: more than 50 pages`);
}

const once = (seen: string[], wanted: string[]) => {
  for (const name of wanted) expect(seen.filter((s) => s === name), name).toHaveLength(1);
};

test('users, organizations, members, teams and repositories page through every row, without JavaScript', async ({ page, request, api }) => {
  test.setTimeout(120_000);
  const prefix = uniqueName('pg');
  const org = `${prefix}-org`;
  const users = await createUsers(api, prefix, 52);
  await ok(request.post('/enzi/v0/accounts', { ...asAdmin, data: { name: org, isOrg: true } }));
  const teams = Array.from({ length: 52 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
  for (const name of teams) await ok(request.post(`/enzi/v0/accounts/${org}/teams`, { ...asAdmin, data: { name } }));
  for (const user of users) {
    await ok(request.put(`/enzi/v0/accounts/${org}/members/${user}`, { ...asAdmin, data: { isAdmin: false } }));
    await ok(request.put(`/enzi/v0/accounts/${org}/teams/team-00/members/${user}`, { ...asAdmin, data: {} }));
  }
  const repos = Array.from({ length: 52 }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
  for (const name of repos) {
    await ok(request.post(`/api/v0/repositories/${org}`, { ...asAdmin, data: { name, visibility: 'private' } }));
    await ok(request.put(`/api/v0/repositories/${org}/${name}/teamAccess/team-00`, { ...asAdmin, data: { accessLevel: 'read-only' } }));
  }

  await signIn(page, ADMIN.name, ADMIN.password);
  // The admin's Users page, 50 a page, with the count of all users.
  await page.goto('/users');
  await expect(page.getByRole('navigation', { name: 'Pages of users' })).toContainText(/Showing 50 of \d+ users/);
  once(await walk(page, '/users', 'users', 'tbody tr td:first-child', 50), users);
  // The search and the order are the server's: a prefix search in Z to A order pages through the 52 in that order.
  const searched = await walk(page, `/users?q=${prefix}&sort=name&order=desc`, 'users', 'tbody tr td:first-child', 50);
  expect(searched).toEqual([...users].reverse());
  await expect(page.getByRole('navigation', { name: 'Pages of users' })).toContainText('Showing 2 of 52 users');
  await expect(page.getByRole('columnheader', { name: 'Username' })).toHaveAttribute('aria-sort', 'descending');

  // The Repositories page, 25 a page, counts what it shows against the total (“Showing 25 of N”).
  await page.goto('/repositories');
  await expect(page.getByRole('navigation', { name: 'Pages of repositories' })).toContainText(/Showing 25 of \d+ repositories/);

  // The organization's members, teams and repositories each page on their own cursor.
  const orgPage = `/organizations/${org}`;
  await page.goto(orgPage);
  await expect(page.getByRole('navigation', { name: 'Pages of members' })).toContainText('52 members in all');
  await expect(page.getByRole('navigation', { name: 'Pages of teams' })).toContainText('52 teams in all');
  await expect(page.getByRole('navigation', { name: 'Pages of repositories' })).toContainText('52 repositories in all');
  once(await walk(page, orgPage, 'members', 'section[aria-labelledby="members-heading"] tbody tr td:first-child', 50), users);
  once(await walk(page, orgPage, 'teams', 'section[aria-labelledby="teams-heading"] tbody tr td:first-child', 50), teams);
  once(await walk(page, orgPage, 'repositories', 'section[aria-labelledby="repos-heading"] li', 50), repos.map((r) => `${org}/${r}`));

  // A team's members and the repositories it has access to.
  const teamPage = `${orgPage}/teams/team-00`;
  once(await walk(page, teamPage, 'members', 'section[aria-labelledby="team-members-heading"] tbody tr td:first-child', 50), users);
  once(await walk(page, teamPage, 'repositories', 'section[aria-labelledby="team-access-heading"] tbody tr td:first-child', 50), repos.map((r) => `${org}/${r}`));

  // The Repositories page filtered to the organization, 25 a page.
  once(await walk(page, `/repositories?namespace=${org}`, 'repositories', 'tbody tr td:first-child', 25), repos.map((r) => `${org}/${r}`));

  // The Organizations page lists every organization across its pages.
  once(await walk(page, '/organizations', 'organizations', 'tbody tr td:first-child', 50), [org]);
});

test('a user with many tokens pages through them all on the Access Tokens tab, with their count', async ({ page, api, user }) => {
  const labels: string[] = [];
  for (let i = 0; i < 53; i++) {
    labels.push(`paged token ${String(i).padStart(2, '0')}`);
    await api.createToken(user as Account, { tokenLabel: labels[i] });
  }
  await signIn(page, user.name, user.password);
  const tab = `/users/${user.name}/profile/access-tokens`;
  await page.goto(tab);
  await expect(page.getByRole('navigation', { name: 'Pages of tokens' })).toContainText('Showing 50 of 53 tokens');
  const seen = await walk(page, tab, 'tokens', 'tbody tr', 50);
  for (const label of labels) expect(seen.filter((row) => row.includes(label)), label).toHaveLength(1);
  // Sorted by a header's link (no script), the next page follows on in the same order: oldest first.
  await page.goto(tab);
  await page.getByRole('columnheader', { name: 'Created' }).getByRole('link').click();
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'ascending');
  const oldestFirst = await walk(page, page.url(), 'tokens', 'tbody tr td:nth-child(2)', 50);
  expect(oldestFirst).toEqual(labels);
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'ascending');
  // On the last page, View details and Save come back to that page in that order, which shows what was saved.
  await expect(page).toHaveURL(/pageStart=/);
  await page.getByRole('row').filter({ hasText: 'paged token 52' }).getByRole('link', { name: 'View details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Access token details' });
  await dialog.getByLabel('Description').fill('paged token 52 renamed');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the changes to paged token 52 renamed.' })).toBeVisible();
  await expect(page).toHaveURL(/\?pageStart=[^&]+&sort=created&order=asc&saved=/);
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'ascending');
  expect(await page.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['paged token 50', 'paged token 51', 'paged token 52 renamed']);
  // The script-less Delete, too, asks about the tokens checked on this page, and deletes them.
  await page.getByRole('checkbox', { name: 'Select paged token 51' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete access tokens' });
  await expect(confirm).toContainText('paged token 51');
  await confirm.getByLabel('Type delete to confirm').fill('delete');
  await confirm.getByRole('button', { name: 'Delete 1 token' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 1 access token.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'paged token 51' })).toHaveCount(0);
});
