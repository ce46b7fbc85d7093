// SPEC 7: no serious or critical axe-core violation on the pages users work in.
import { seriousViolations } from './axe';
import { expect, openAccessTokens, signIn, test } from './fixtures';

test('the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to Berth' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Access Tokens tab with the New access token dialog open', async ({ page, api, user }) => {
  await api.createToken(user, { tokenLabel: 'listed token' });
  await signIn(page, user.name, user.password);
  await openAccessTokens(page, user.name);
  await expect(page.getByRole('row').filter({ hasText: 'listed token' })).toBeVisible();
  await page.getByRole('button', { name: 'New access token' }).click();
  const dialog = page.getByRole('dialog', { name: 'New access token' });
  await expect(dialog.getByLabel('Description')).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  // The dialog closes with Escape.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the Users page', async ({ page, admin }) => {
  await signIn(page, admin.name, admin.password);
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
