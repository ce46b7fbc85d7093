// The README's picture of the Access Tokens tab: a few tokens, one of them turned off.
import path from 'node:path';
import { expect, openAccessTokens, signIn, test, userMenuEntry } from './fixtures';

test.use({ viewport: { width: 1280, height: 800 } });

test('screenshot of the Access Tokens tab for the README', async ({ page, api, admin }, testInfo) => {
  // A readable name on a fresh database; a retry on the same server needs another one.
  const user = await api.createUser({ name: testInfo.retry ? `alice-${testInfo.retry}` : 'alice' });
  await api.createToken(user, { tokenLabel: 'GitHub Actions: build and push' });
  const laptop = await api.createToken(user, { tokenLabel: 'Laptop docker login' });
  await api.createToken(admin, { username: user.name, tokenLabel: 'Temporary password from the admin' });
  const staging = await api.createToken(user, { tokenLabel: 'Old staging deploy' });
  await api.setTokenActive(user, staging.hashedToken, false);
  expect(await api.repositoriesStatus(user.name, laptop.token)).toBe(200);

  await signIn(page, user.name, user.password);
  await openAccessTokens(page, user.name);
  // The user menu closes itself once Profile has been chosen.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' })).toBeHidden();
  await userMenuEntry(page, user.name).blur();
  await page.mouse.move(700, 650);
  await expect(page.getByRole('row')).toHaveCount(5);
  await expect(page.getByRole('row').filter({ hasText: 'Old staging deploy' }).getByRole('cell', { name: 'Inactive', exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(path.dirname(testInfo.config.configFile ?? '.'), 'docs/screenshots/access-tokens.png') });
});
