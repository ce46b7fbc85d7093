// SPEC 12 on the Access Tokens tab: Rotate in View details with a grace period, the new secret shown
// once as at creation, the row's "Rotating" state; and a token limited to some repositories.
import { expect, openAccessTokens, signIn, test } from './fixtures';
import { recordSecret } from './leak-record';

const TOKEN_SHAPE = /^brt_[0-9A-Za-z]{42}$/;

test.describe('Rotating and restricting access tokens', () => {
  test('Rotate with a grace period: both secrets work and the row says until when; rotating again ends it', async ({ page, context, api, user, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const first = await api.createToken(user, { tokenLabel: 'deploy bot' });
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);

    await page.getByRole('row').filter({ hasText: 'deploy bot' }).getByRole('link', { name: 'View details' }).click();
    let details = page.getByRole('dialog', { name: 'Access token details' });
    await details.getByLabel('Grace period').selectOption({ label: '1 hour' });
    await details.getByRole('button', { name: 'Rotate' }).click();

    const rotated = page.getByRole('dialog', { name: 'Token rotated' });
    const field = rotated.getByLabel('Access token', { exact: true });
    await expect(field).toHaveValue(TOKEN_SHAPE);
    const second = await field.inputValue();
    recordSecret(second, 'Rotate in View details', { created: true });
    expect(second).not.toBe(first.token);
    await expect(rotated.getByText('It will not be shown again')).toBeVisible();
    await expect(rotated.getByText(/Rotating: the old secret works until \d{4}-\d\d-\d\d \d\d:\d\d UTC/)).toBeVisible();
    await expect(rotated.getByText(/^docker login /)).toHaveText(new RegExp(`-u ${user.name}$`));
    await expect(rotated.getByText(/^curl /)).toContainText(`${user.name}:${second}`);
    await rotated.getByRole('button', { name: 'Copy', exact: true }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(second);

    await rotated.getByRole('button', { name: 'Done' }).click();
    await expect(rotated).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: 'deploy bot' });
    await expect(row.getByText(/^Rotating: old secret works until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)).toBeVisible();
    await expect(row.getByRole('cell', { name: `brt_…${second.slice(-4)}`, exact: true })).toBeVisible();
    expect(await page.content()).not.toContain(second);
    expect([await api.repositoriesStatus(user.name, first.token), await api.repositoriesStatus(user.name, second)]).toEqual([200, 200]);

    await row.getByRole('link', { name: 'View details' }).click();
    details = page.getByRole('dialog', { name: 'Access token details' });
    await expect(details.getByText(/the old secret works until/)).toBeVisible();
    await details.getByLabel('Grace period').selectOption({ label: 'None' });
    await details.getByRole('button', { name: 'Rotate' }).click();
    const again = page.getByRole('dialog', { name: 'Token rotated' });
    await expect(again.getByText('The old secret no longer works.')).toBeVisible();
    const third = await again.getByLabel('Access token', { exact: true }).inputValue();
    recordSecret(third, 'Rotate in View details', { created: true });
    // Not copied: Done asks once, and closes the second time.
    await again.getByRole('button', { name: 'Done' }).click();
    await expect(again.getByRole('alert')).toContainText('You have not copied the token');
    await again.getByRole('button', { name: 'Close anyway' }).click();

    await expect(row.getByRole('cell', { name: `brt_…${third.slice(-4)}`, exact: true })).toBeVisible();
    await expect(row.getByText(/Rotating/)).toHaveCount(0);
    expect([
      await api.repositoriesStatus(user.name, first.token),
      await api.repositoriesStatus(user.name, second),
      await api.repositoriesStatus(user.name, third),
    ]).toEqual([401, 401, 200]);
  });

  test('a token limited to some repositories: the field checks patterns, and the list shows them', async ({ page, user }) => {
    await signIn(page, user.name, user.password);
    await openAccessTokens(page, user.name);
    await page.getByRole('button', { name: 'New access token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New access token' });
    await dialog.getByLabel('Description').fill('mirror job');
    const repositories = dialog.getByLabel('Repositories');
    await repositories.fill(`${user.name}/app, Not A Name`);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.getByText('“Not” is not namespace/name or namespace/*')).toBeVisible();
    await expect(dialog.getByLabel('Description')).toHaveValue('mirror job');

    await dialog.getByLabel('Repositories').fill(`${user.name}/app, acme/*`);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const created = page.getByRole('dialog', { name: 'Copy your new access token' });
    const token = await created.getByLabel('Access token', { exact: true }).inputValue();
    recordSecret(token, 'New access token dialog', { created: true });
    await created.getByRole('button', { name: 'Done' }).click();
    await created.getByRole('button', { name: 'Close anyway' }).click();

    const row = page.getByRole('row').filter({ hasText: 'mirror job' });
    await expect(row.getByRole('cell', { name: `acme/*, ${user.name}/app`, exact: true })).toBeVisible();
    await row.getByRole('link', { name: 'View details' }).click();
    await expect(page.getByRole('dialog', { name: 'Access token details' }).getByText(`acme/*, ${user.name}/app`)).toBeVisible();
  });
});
