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

    const field = dialog.getByLabel('Access token', { exact: true });
    await expect(field).toHaveValue(TOKEN_SHAPE);
    const token = await field.inputValue();
    recordSecret(token, 'New access token dialog', { created: true });
    await expect(dialog.getByText('It will not be shown again')).toBeVisible();
    await expect(dialog.getByText(/docker login/)).toContainText(token);
    await expect(dialog.getByText(/^curl /)).toContainText(`${user.name}:${token}`);

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
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
    const ok = dialog.getByRole('button', { name: 'OK' });
    const confirm = dialog.getByLabel('Type delete to confirm');
    await expect(ok).toBeDisabled();
    await confirm.fill('Delete');
    await expect(ok).toBeDisabled();
    await confirm.fill('delete');
    await expect(ok).toBeEnabled();
    await ok.click();

    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row').filter({ hasText: 'build server' })).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: 'deploy job' })).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: 'kept token' })).toBeVisible();
    expect(await api.repositoriesStatus(user.name, first.token)).toBe(401);
    expect(await api.repositoriesStatus(user.name, second.token)).toBe(401);
    expect(await api.repositoriesStatus(user.name, kept.token)).toBe(200);
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
    const field = dialog.getByLabel('Access token', { exact: true });
    await expect(field).toHaveValue(TOKEN_SHAPE);
    const token = await field.inputValue();
    recordSecret(token, 'New access token dialog', { created: true });
    // The ready lines name the owner, not the admin who made it.
    await expect(dialog.getByText(/^curl /)).toContainText(`-u ${user.name}:${token}`);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row').filter({ hasText: 'temporary password' });
    const createdBy = await page.getByRole('columnheader').allTextContents();
    await expect(row.getByRole('cell').nth(createdBy.indexOf('Created by'))).toHaveText(admin.name);
    expect(await api.repositoriesStatus(user.name, token)).toBe(200);
    // A token belongs to its owner alone.
    expect(await api.repositoriesStatus(admin.name, token)).toBe(401);
  });
});
