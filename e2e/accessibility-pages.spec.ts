// SPEC 13: axe-core finds no serious or critical violation on any page, dialogs open, and the three
// token flows work from the keyboard alone.
import { expect, signIn, test, uniqueName, basicAuth, openAccessTokens } from './fixtures';
import { seriousViolations } from './axe';
import { ADMIN } from './env';
import { recordSecret } from './leak-record';

const asAdmin = { headers: basicAuth(ADMIN.name, ADMIN.password) };

test('every console page an admin reaches has no serious or critical violation', async ({ page, request, api, user }) => {
  test.setTimeout(120_000);
  const org = uniqueName('axe');
  const repo = `${org}/app`;
  // One after another: each needs the one before (the team its org, the grant its repository).
  for (const call of [
    () => request.post('/enzi/v0/accounts', { ...asAdmin, data: { name: org, isOrg: true } }),
    () => request.post(`/enzi/v0/accounts/${org}/teams`, { ...asAdmin, data: { name: 'builders', description: 'Builds' } }),
    () => request.put(`/enzi/v0/accounts/${org}/teams/builders/members/${user.name}`, { ...asAdmin, data: {} }),
    () => request.post(`/api/v0/repositories/${org}`, { ...asAdmin, data: { name: 'app', visibility: 'private', shortDescription: 'The app' } }),
    () => request.put(`/api/v0/repositories/${repo}/teamAccess/builders`, { ...asAdmin, data: { accessLevel: 'read-write' } }),
    () => request.post('/api/v0/oidc_trusts', { ...asAdmin, data: { issuer: 'https://token.actions.githubusercontent.com', audience: 'berth', conditions: { repository: `${org}/app` }, repositories: [repo] } }),
  ]) {
    const response = await call();
    expect(response.ok(), await response.text()).toBe(true);
  }
  const { hashedToken } = await api.createToken(ADMIN, { tokenLabel: 'axe token' });
  await signIn(page, ADMIN.name, ADMIN.password);
  const pages: [string, string][] = [
    ['/repositories', 'Repositories'],
    [`/repositories/${repo}`, repo],
    [`/repositories/${repo}/tags`, repo],
    [`/repositories/${repo}/settings`, repo],
    ['/organizations', 'Organizations'],
    [`/organizations/${org}`, org],
    [`/organizations/${org}/teams/builders`, 'Team builders'],
    ['/users', 'Users'],
    ['/audit', 'Audit log'],
    ['/trusted-publishers', 'Trusted publishers'],
    [`/users/${ADMIN.name}/profile`, ADMIN.name],
    [`/users/${ADMIN.name}/profile/sessions`, ADMIN.name],
    [`/users/${ADMIN.name}/profile/access-tokens`, ADMIN.name],
    [`/users/${user.name}/profile/access-tokens`, user.name],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first(), path).toContainText(heading);
    expect(await seriousViolations(page), path).toEqual([]);
  }

  // The token tab's other two dialogs, open.
  await page.goto(`/users/${ADMIN.name}/profile/access-tokens?token=${hashedToken}`);
  await expect(page.getByRole('dialog', { name: 'Access token details' })).toBeVisible();
  expect(await seriousViolations(page), 'details dialog').toEqual([]);
  await page.goto(`/users/${ADMIN.name}/profile/access-tokens`);
  await page.getByRole('checkbox', { name: 'Select axe token' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Delete access tokens' })).toBeVisible();
  expect(await seriousViolations(page), 'delete dialog').toEqual([]);
});

test('a user who is no admin: their pages and the pages they are refused have no violation', async ({ page, user }) => {
  await signIn(page, user.name, user.password);
  for (const path of ['/repositories', '/organizations', `/users/${user.name}/profile`, `/users/${user.name}/profile/sessions`, '/users', '/audit', '/trusted-publishers']) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test('the three token flows from the keyboard alone', async ({ page, user }) => {
  await signIn(page, user.name, user.password);
  await openAccessTokens(page, user.name);

  // Create: the button, the description, Create, then Done.
  await page.getByRole('button', { name: 'New access token' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'New access token' });
  await expect(form.getByLabel('Description')).toBeFocused();
  await page.keyboard.type('keyboard token');
  await page.keyboard.press('Enter');
  // Focus moves to the new token; Copy is the next stop, then the snippets, then Done.
  const created = page.getByRole('dialog', { name: 'Copy your new access token' });
  const field = created.getByLabel('Access token', { exact: true });
  await expect(field).toHaveValue(/^brt_/);
  await expect(field).toBeFocused();
  recordSecret(await field.inputValue(), 'New access token dialog', { created: true });
  await page.keyboard.press('Tab');
  await expect(created.getByRole('button', { name: 'Copy', exact: true })).toBeFocused();
  await created.getByRole('button', { name: 'Done' }).focus();
  await page.keyboard.press('Enter');
  // Not copied: the warning takes focus, and Close anyway is the next stop.
  await expect(created.getByRole('alert')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(created.getByRole('button', { name: 'Close anyway' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(created).toBeHidden();

  // View details: the row's link, Description, Is active with Space, Save with Enter.
  const row = page.getByRole('row').filter({ hasText: 'keyboard token' });
  await row.getByRole('link', { name: 'View details' }).focus();
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Access token details' });
  await expect(details).toBeVisible();
  await details.getByLabel('Description').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('keyboard token, renamed');
  await page.keyboard.press('Tab');
  await expect(details.getByRole('switch', { name: 'Is active' })).toBeFocused();
  await page.keyboard.press('Space');
  await details.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(details).toBeHidden();
  const renamed = page.getByRole('row').filter({ hasText: 'keyboard token, renamed' });
  await expect(renamed.getByText('Inactive', { exact: true })).toBeVisible();
  // Save says so, and focus is back on the row's View details.
  await expect(page.getByRole('status').filter({ hasText: 'Saved the changes to keyboard token, renamed.' })).toBeVisible();
  await expect(renamed.getByRole('link', { name: /^View details/ })).toBeFocused();
  // Escape closes the dialog, and focus comes back to the same place.
  await page.keyboard.press('Enter');
  await expect(details).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(renamed.getByRole('link', { name: /^View details/ })).toBeFocused();

  // Delete: Space on the checkbox, Enter on Delete, type delete, Enter on OK.
  await renamed.getByRole('checkbox').focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Delete', exact: true }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete access tokens' });
  await expect(confirm.getByLabel('Type delete to confirm')).toBeFocused();
  await page.keyboard.type('delete');
  await confirm.getByRole('button', { name: 'Delete 1 token' }).focus();
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.locator(':focus')).toContainText('Deleted 1 access token.');
  await expect(page.getByRole('row').filter({ hasText: 'keyboard token' })).toHaveCount(0);
});
