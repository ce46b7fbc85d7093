// SPEC 13: with JavaScript turned off, sign-in, sign-out and the Access Tokens tab's three flows work
// as plain forms, and the new token appears once, on the server-rendered page that created it.
import { expect, openAccessTokens, signIn, signOut, test } from './fixtures';
import { recordSecret } from './leak-record';

test.use({ javaScriptEnabled: false });

test('sign in, create a token and see it once, rename and turn it off, delete, sign out: all without JavaScript', async ({ page, api, user }) => {
  await signIn(page, user.name, user.password);
  await openAccessTokens(page, user.name);

  // New access token → Description → Create → the token once, with its ready lines → Done.
  await page.getByRole('button', { name: 'New access token' }).click();
  await expect(page).toHaveURL(/\?new=1$/);
  const dialog = page.getByRole('dialog', { name: 'New access token' });
  await dialog.getByLabel('Description').fill('no script token');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    dialog.getByRole('button', { name: 'Create', exact: true }).click(),
  ]);
  // The one answer that holds the secret is kept by no cache.
  expect(answer.headers()['cache-control']).toContain('no-store');
  const created = page.getByRole('dialog', { name: 'Copy your new access token' });
  const field = created.getByLabel('Access token', { exact: true });
  await expect(field).toHaveValue(/^brt_[0-9A-Za-z]{42}$/);
  const token = await field.inputValue();
  recordSecret(token, 'New access token page without JavaScript', { created: true });
  await expect(created.getByText('It will not be shown again')).toBeVisible();
  await expect(created.getByText(/^curl /)).toContainText(`${user.name}:${token}`);
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${user.name}/profile/access-tokens\\??$`));
  const row = page.getByRole('row').filter({ hasText: 'no script token' });
  await expect(row.getByRole('cell', { name: `brt_…${token.slice(-4)}`, exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(token);
  expect(await api.repositoriesStatus(user.name, token)).toBe(200);

  // View details → Description, Is active → Save.
  await row.getByRole('link', { name: 'View details' }).click();
  const details = page.getByRole('dialog', { name: 'Access token details' });
  await details.getByLabel('Description').fill('no script token, off');
  await details.getByRole('switch', { name: 'Is active' }).uncheck();
  await details.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('row').filter({ hasText: 'no script token, off' });
  await expect(renamed.getByText('Inactive', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the changes to no script token, off.' })).toBeVisible();
  expect(await api.repositoriesStatus(user.name, token)).toBe(401);

  // Checkboxes → Delete → type delete → OK; a wrong word first changes nothing.
  const other = await api.createToken(user, { tokenLabel: 'second no script token' });
  await page.reload();
  await page.getByRole('checkbox', { name: 'Select no script token, off' }).check();
  await page.getByRole('checkbox', { name: 'Select second no script token' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete access tokens' });
  await expect(confirm).toContainText('These 2 tokens stop working');
  await confirm.getByLabel('Type delete to confirm').fill('Delete');
  await confirm.getByRole('button', { name: 'Delete 2 tokens' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete access tokens' }).getByRole('alert')).toContainText('Type delete, in lowercase, to confirm.');
  expect(await api.repositoriesStatus(user.name, other.token)).toBe(200);
  await page.getByRole('dialog', { name: 'Delete access tokens' }).getByLabel('Type delete to confirm').fill('delete');
  await page.getByRole('dialog', { name: 'Delete access tokens' }).getByRole('button', { name: 'Delete 2 tokens' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 2 access tokens.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'no script token' })).toHaveCount(0);
  expect(await api.repositoriesStatus(user.name, other.token)).toBe(401);

  // Cancel on the New access token page goes back to the tab, creating nothing.
  await page.getByRole('button', { name: 'New access token' }).click();
  await page.getByRole('dialog', { name: 'New access token' }).getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog', { name: 'New access token' })).toHaveCount(0);
  expect(await api.listTokens(user)).toEqual([]);

  await signOut(page, user.name);
});

test('the script-less Delete keeps the order and the search of the list it started from', async ({ page, api, user }) => {
  await api.createToken(user, { tokenLabel: 'keep me sorted' });
  await signIn(page, user.name, user.password);
  await page.goto(`/users/${user.name}/profile/access-tokens?q=keep&sort=expires&order=asc`);
  await page.getByRole('checkbox', { name: 'Select keep me sorted' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/[?&]delete=/);
  const confirm = page.getByRole('dialog', { name: 'Delete access tokens' });
  await expect(confirm).toContainText('keep me sorted');
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\?q=keep&sort=expires&order=asc$/);
  await expect(page.getByRole('columnheader', { name: /Expires/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByLabel('Search descriptions')).toHaveValue('keep');
  await expect(page.getByRole('row').filter({ hasText: 'keep me sorted' })).toHaveCount(1);
});
