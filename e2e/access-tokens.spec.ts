// SPEC 7's three flows on the Access Tokens tab, in the words users read.
import { expect, openAccessTokens, signIn, test } from './fixtures';
import { recordSecret } from './leak-record';

const TOKEN_SHAPE = /^brt_[0-9A-Za-z]{42}$/;

test.describe('Access Tokens tab', () => {
  test('a user creates a token, sees it once, and then only its hint', async ({ page, context, user, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);

    await page.getByRole('button', { name: 'New access token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New access token' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Description').fill('CI pipeline');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();

    // The dialog now says what to do, and focus is on the token, selected.
    const created = page.getByRole('dialog', { name: 'Copy your new access token' });
    const field = created.getByLabel('Access token', { exact: true });
    await expect(field).toHaveValue(TOKEN_SHAPE);
    await expect(field).toBeFocused();
    const token = await field.inputValue();
    recordSecret(token, 'New access token dialog', { created: true });
    await expect(created.getByText('It will not be shown again')).toBeVisible();
    // The docker lines keep the secret out of the shell's history.
    await expect(created.getByText(/^docker login /)).toHaveText(new RegExp(`^docker login [^ ]+ -u ${user.name}$`));
    await expect(created.getByText(/--password-stdin$/)).toContainText('"$BERTH_TOKEN"');
    await expect(created.getByText(/^curl /)).toContainText(`${user.name}:${token}`);

    // Done before any copy asks once.
    await created.getByRole('button', { name: 'Done' }).click();
    await expect(created.getByRole('alert')).toContainText('You have not copied the token. Close anyway?');
    await expect(created.getByRole('button', { name: 'Close anyway' })).toBeVisible();

    // Each snippet copies on its own; the copy is announced, and the label comes back.
    await created.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(created.getByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(created.getByRole('status').filter({ hasText: 'Copied to the clipboard' })).toHaveCount(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expect(created.getByRole('button', { name: 'Copy', exact: true })).toBeVisible({ timeout: 5000 });
    await created.getByRole('button', { name: 'Copy docker command' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^docker login /);

    await created.getByRole('button', { name: 'Close anyway' }).click();
    await expect(created).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: 'CI pipeline' });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: `brt_…${token.slice(-4)}`, exact: true })).toBeVisible();
    expect(await page.content()).not.toContain(token);
    expect(await page.content()).not.toContain(token.slice(4, 40));
  });

  test('View details renames a token and turns it off', async ({ page, api, user }) => {
    const { token } = await api.createToken(user, { tokenLabel: 'laptop' });
    expect(await api.repositoriesStatus(user.name, token)).toBe(200);
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);

    await page.getByRole('row').filter({ hasText: 'laptop' }).getByRole('link', { name: 'View details' }).click();
    const dialog = page.getByRole('dialog', { name: 'Access token details' });
    await expect(dialog).toBeVisible();
    const description = dialog.getByLabel('Description');
    await expect(description).toHaveValue('laptop');
    const active = dialog.getByRole('switch', { name: 'Is active' });
    await expect(active).toBeChecked();
    await expect(dialog.getByText(`brt_…${token.slice(-4)}`)).toBeVisible();

    await description.fill('old laptop');
    await active.uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();

    await expect(dialog).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: 'old laptop' });
    await expect(row.getByRole('cell', { name: 'Inactive', exact: true })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: /^laptop/ })).toHaveCount(0);
    expect(await api.repositoriesStatus(user.name, token)).toBe(401);
  });

  test('Delete removes every checked token once delete is typed', async ({ page, api, user }) => {
    const first = await api.createToken(user, { tokenLabel: 'build server' });
    const second = await api.createToken(user, { tokenLabel: 'deploy job' });
    const kept = await api.createToken(user, { tokenLabel: 'kept token' });
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);

    const deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    await expect(deleteButton).toBeDisabled();
    await page.getByRole('checkbox', { name: 'Select build server' }).check();
    await page.getByRole('checkbox', { name: 'Select deploy job' }).check();
    await deleteButton.click();

    const dialog = page.getByRole('dialog', { name: 'Delete access tokens' });
    await expect(dialog).toBeVisible();
    // The dialog names what it deletes and what stops working.
    await expect(dialog.getByRole('listitem')).toHaveText([/^deploy job \(brt_….{4}\)$/, /^build server \(brt_….{4}\)$/]);
    await expect(dialog).toContainText('docker logins, CI jobs and scripts that use them are refused');
    const ok = dialog.getByRole('button', { name: 'Delete 2 tokens' });
    const confirm = dialog.getByLabel('Type delete to confirm');
    await expect(ok).toBeDisabled();
    await confirm.fill('Delete');
    await expect(ok).toBeDisabled();
    await expect(dialog.getByText('Type delete, in lowercase, to confirm.')).toBeVisible();
    await confirm.fill('delete');
    await expect(ok).toBeEnabled();
    await ok.click();

    await expect(dialog).toBeHidden();
    // Focus goes to the confirmation.
    await expect(page.getByRole('status').filter({ hasText: 'Deleted 2 access tokens.' })).toBeVisible();
    await expect(page.locator(':focus')).toContainText('Deleted 2 access tokens.');
    await expect(page.getByRole('row').filter({ hasText: 'build server' })).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: 'deploy job' })).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: 'kept token' })).toBeVisible();
    expect(await api.repositoriesStatus(user.name, first.token)).toBe(401);
    expect(await api.repositoriesStatus(user.name, second.token)).toBe(401);
    expect(await api.repositoriesStatus(user.name, kept.token)).toBe(200);
  });

  test('Search narrows the list to descriptions holding the text, in upper or lower case, % and _ taken literally', async ({ page, api, user }) => {
    for (const label of ['Deploy: prod', 'deploy staging', '100% coverage job', 'build_cache', 'buildXcache']) await api.createToken(user, { tokenLabel: label });
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);
    const search = async (text: string) => {
      await page.getByRole('search', { name: 'Search tokens' }).getByLabel('Search descriptions').fill(text);
      await page.getByRole('search', { name: 'Search tokens' }).getByRole('button', { name: 'Search' }).click();
      await expect(page).toHaveURL(new RegExp(`\\?q=`));
    };
    const descriptions = () => page.getByRole('region', { name: 'Access tokens' }).locator('tbody tr td:nth-child(2)').allTextContents();
    await search('DEPLOY');
    expect((await descriptions()).sort()).toEqual(['Deploy: prod', 'deploy staging']);
    await expect(page.getByRole('navigation', { name: 'Pages of tokens' })).toContainText('Showing 2 of 2 tokens');
    await search('%');
    expect(await descriptions()).toEqual(['100% coverage job']);
    await search('build_');
    expect(await descriptions()).toEqual(['build_cache']);
    await search('nothing like this');
    await expect(page.getByText("No token's description holds “nothing like this”.")).toBeVisible();
  });

  test('View details comes back to the list as it was: Cancel and Save keep its search and its order', async ({ page, api, user }) => {
    await api.createToken(user, { tokenLabel: 'kept build' });
    await api.createToken(user, { tokenLabel: 'kept deploy' });
    await api.createToken(user, { tokenLabel: 'not in the search' });
    await signIn(page, user.name, user.password);
    await page.goto(`/users/${user.name}/profile/access-tokens?q=kept&sort=created&order=asc`);
    const descriptions = () => page.locator('tbody tr td:nth-child(2)').allTextContents();
    const details = (label: string) => page.getByRole('row').filter({ hasText: label }).getByRole('link', { name: 'View details' });
    const dialog = page.getByRole('dialog', { name: 'Access token details' });
    expect(await descriptions()).toEqual(['kept build', 'kept deploy']);

    await details('kept build').click();
    await expect(page).toHaveURL(/\?q=kept&sort=created&order=asc&token=/);
    await dialog.getByRole('link', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\?q=kept&sort=created&order=asc&focus=/);
    await expect(details('kept build')).toBeFocused();

    await details('kept build').click();
    await dialog.getByLabel('Description').fill('kept build 2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the changes to kept build 2.' })).toBeVisible();
    await expect(page).toHaveURL(/\?q=kept&sort=created&order=asc&saved=/);
    await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByLabel('Search descriptions')).toHaveValue('kept');
    expect(await descriptions()).toEqual(['kept build 2', 'kept deploy']);
  });

  test('the headers sort the list on the server: the order, aria-sort and the address change, a reload keeps them, the search stays', async ({ page, api, user }) => {
    const DAY = 86_400_000;
    // Made in this order: "older" expires in 10 days and is never used, "used" never expires, "newer" expires in 3 days.
    await api.createToken(user, { tokenLabel: 'older ci', expiresAt: new Date(Date.now() + 10 * DAY) });
    const used = await api.createToken(user, { tokenLabel: 'used ci' });
    await api.createToken(user, { tokenLabel: 'newer ci', expiresAt: new Date(Date.now() + 3 * DAY) });
    await api.createToken(user, { tokenLabel: 'not in the search' });
    expect(await api.repositoriesStatus(user.name, used.token)).toBe(200);
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);
    const table = page.getByRole('region', { name: 'Access tokens' });
    const descriptions = () => table.locator('tbody tr td:nth-child(2)').allTextContents();
    const header = (name: string) => table.getByRole('columnheader', { name });
    const sortBy = async (name: string) => {
      const before = page.url();
      await header(name).getByRole('link').click();
      await expect(page).not.toHaveURL(before);
    };
    await page.getByRole('search', { name: 'Search tokens' }).getByLabel('Search descriptions').fill('ci');
    await page.getByRole('search', { name: 'Search tokens' }).getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\?q=ci/);

    // Newest first until a header is picked.
    await expect(header('Created')).toHaveAttribute('aria-sort', 'descending');
    expect(await descriptions()).toEqual(['newer ci', 'used ci', 'older ci']);

    await sortBy('Expires');
    await expect(page).toHaveURL(/sort=expires&order=asc/);
    await expect(page).toHaveURL(/q=ci/);
    await expect(header('Expires')).toHaveAttribute('aria-sort', 'ascending');
    await expect(header('Created')).not.toHaveAttribute('aria-sort');
    // Soonest first, never-expiring last.
    expect(await descriptions()).toEqual(['newer ci', 'older ci', 'used ci']);
    await page.reload();
    await expect(header('Expires')).toHaveAttribute('aria-sort', 'ascending');
    expect(await descriptions()).toEqual(['newer ci', 'older ci', 'used ci']);
    await sortBy('Expires');
    await expect(header('Expires')).toHaveAttribute('aria-sort', 'descending');
    expect(await descriptions()).toEqual(['used ci', 'older ci', 'newer ci']);

    // Most recently used first, never-used last (those two newest first, by id: either order).
    await sortBy('Last used');
    await expect(header('Last used')).toHaveAttribute('aria-sort', 'descending');
    const byUse = await descriptions();
    expect(byUse[0]).toBe('used ci');
    expect(byUse.slice(1).sort()).toEqual(['newer ci', 'older ci']);

    await sortBy('Created');
    await expect(header('Created')).toHaveAttribute('aria-sort', 'descending');
    await sortBy('Created');
    await expect(header('Created')).toHaveAttribute('aria-sort', 'ascending');
    expect(await descriptions()).toEqual(['older ci', 'used ci', 'newer ci']);
    // The search kept its text, and a new search keeps the order.
    await expect(page.getByRole('search', { name: 'Search tokens' }).getByLabel('Search descriptions')).toHaveValue('ci');
    await page.getByRole('search', { name: 'Search tokens' }).getByLabel('Search descriptions').fill('used');
    await page.getByRole('search', { name: 'Search tokens' }).getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=used&sort=created&order=asc/);
    await expect(header('Created')).toHaveAttribute('aria-sort', 'ascending');
    expect(await descriptions()).toEqual(['used ci']);
  });

  test("an admin creates a token on another user's tab, and it works as that user", async ({ page, api, user, admin }) => {
    await signIn(page, admin.name, admin.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await page.getByRole('link', { name: user.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/users/${user.name}/profile/access-tokens$`));

    await page.getByRole('button', { name: 'New access token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New access token' });
    await dialog.getByLabel('Description').fill('temporary password');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const created = page.getByRole('dialog', { name: 'Copy your new access token' });
    const field = created.getByLabel('Access token', { exact: true });
    await expect(field).toHaveValue(TOKEN_SHAPE);
    const token = await field.inputValue();
    recordSecret(token, 'New access token dialog', { created: true });
    // The ready lines name the owner, not the admin who made it.
    await expect(created.getByText(/^curl /)).toContainText(`-u ${user.name}:${token}`);
    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'Close anyway' }).click();

    const row = page.getByRole('row').filter({ hasText: 'temporary password' });
    // Created shows when, and by whom since it was not the owner.
    const headers = await page.getByRole('columnheader').allTextContents();
    await expect(row.getByRole('cell').nth(headers.findIndex((h) => h.startsWith('Created')))).toHaveText(new RegExp(`^(just now|.* ago)by ${admin.name}$`));
    expect(await api.repositoriesStatus(user.name, token)).toBe(200);
    // A token belongs to its owner alone.
    expect(await api.repositoriesStatus(admin.name, token)).toBe(401);
  });
});
