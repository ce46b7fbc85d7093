// Signing in with an access token, the temporary-password flow, and changing a password (SPEC 4).
import { type Page } from '@playwright/test';
import { ADMIN } from './env';
import { basicAuth, expect, openUserMenu, signIn, signOut, submitSignIn, test, userMenuEntry } from './fixtures';

/**
 * One sign-in attempt that should fail, on a freshly loaded form: a message left over from the
 * previous attempt can then never be mistaken for this one's answer.
 */
async function failedSignIn(page: Page, name: string, secret: string) {
  await page.goto('/login');
  await submitSignIn(page, name, secret);
  // Within the page's main region: Next.js adds an empty route announcer with the same role.
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toBeVisible();
  return alert;
}

async function openProfile(page: Page, name: string) {
  const nav = await openUserMenu(page, name);
  await nav.getByRole('link', { name: 'Profile' }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${name}/profile$`));
  await expect(page.getByRole('navigation', { name: 'Profile' }).getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');
}

test('the sign-in form takes an access token, and deactivating it ends the session', async ({ page, api, user, request }) => {
  const created = await api.createToken(user, { tokenLabel: 'browser' });
  await signIn(page, user.name, created.token);
  await expect(page.getByRole('heading', { name: 'Repositories' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(`brt_…${created.token.slice(-4)}`);

  // The same token is refused for any other username.
  const other = await api.createUser();
  await page.context().clearCookies();
  await expect(await failedSignIn(page, other.name, created.token)).toContainText('Incorrect username, password or access token');
  await signIn(page, user.name, created.token);

  const response = await request.patch(`/api/v0/api_tokens/${created.hashedToken}`, {
    headers: basicAuth(user.name, user.password),
    data: { isActive: false },
  });
  expect(response.status()).toBe(200);
  await page.goto('/repositories');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a locked-out user signs in with a token from an admin and sets a new password', async ({ page, api, user, request }) => {
  for (let attempt = 1; attempt < 5; attempt++) {
    await expect(await failedSignIn(page, user.name, `wrong-password-${attempt}`)).toContainText('Incorrect username, password or access token');
  }
  await expect(await failedSignIn(page, user.name, 'wrong-password-5')).toContainText('locked');
  // Even the right password is refused while the lock holds, on the web and on the API.
  await expect(await failedSignIn(page, user.name, user.password)).toContainText('locked');
  await expect(page).toHaveURL(/\/login$/);
  expect(await api.repositoriesStatus(user.name, user.password)).toBe(401);

  const response = await request.post(`/api/v0/api_tokens?username=${user.name}`, {
    headers: basicAuth(ADMIN.name, ADMIN.password),
    data: { tokenLabel: 'temporary password', temporary: true },
  });
  expect(response.status()).toBe(200);
  const { token, generatedBy } = (await response.json()) as { token: string; generatedBy: string };
  expect(generatedBy).toBe(ADMIN.name);

  await signIn(page, user.name, token);
  await openProfile(page, user.name);
  await expect(page.getByLabel('Current password')).toHaveCount(0);
  const newPassword = `new-${user.password}`;
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();

  await signOut(page, user.name);
  await signIn(page, user.name, newPassword);
  await expect(userMenuEntry(page, user.name)).toHaveText(user.name);
  expect(await api.repositoriesStatus(user.name, user.password)).toBe(401);
});

test('changing a password after a password sign-in needs the current one', async ({ page, api, user }) => {
  await signIn(page, user.name, user.password);
  await openProfile(page, user.name);
  const current = page.getByLabel('Current password');
  await expect(current).toBeVisible();
  await expect(current).toHaveAttribute('required');
  const newPassword = `new-${user.password}`;
  const change = page.getByRole('button', { name: 'Change password' });

  // Left empty: refused.
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await change.click();
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(current).toHaveAccessibleDescription(/current password/i);

  // Wrong: refused, with the error beside the field, and the user stays signed in. A fresh form,
  // so that the first answer cannot stand in for this one.
  await page.reload();
  await expect(current).not.toHaveAttribute('aria-invalid');
  await current.fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await change.click();
  await expect(current).toHaveAccessibleDescription('The current password is not correct');
  await expect(page.getByRole('status')).toHaveCount(0);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/users/${user.name}/profile$`));
  await expect(page.getByLabel('Current password')).toBeVisible();
  expect(await api.repositoriesStatus(user.name, user.password)).toBe(200);
  expect(await api.repositoriesStatus(user.name, newPassword)).toBe(401);
});
