// The Users page: administrators only.
import { basicAuth, expect, signIn, test, uniqueName } from './fixtures';

test('an admin creates a user, and deactivating them shuts out their password', async ({ page, admin, request }) => {
  const name = uniqueName('new');
  const password = 'first-Passw0rd';
  await signIn(page, admin.name, admin.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username', { exact: true }).fill(name);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('status')).toHaveText(`Created user ${name}.`);

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();
  const auth = { headers: basicAuth(name, password) };
  expect((await request.get('/api/v0/repositories', auth)).status()).toBe(200);

  await row.getByRole('button', { name: `Deactivate ${name}` }).click();
  await expect(row.getByRole('cell', { name: 'Inactive', exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: `Activate ${name}` })).toBeVisible();
  expect((await request.get('/api/v0/repositories', auth)).status()).toBe(401);
});

test('the form keeps the input and shows the error beside a bad username', async ({ page, admin }) => {
  await signIn(page, admin.name, admin.password);
  await page.goto('/users');
  const form = page.getByRole('form', { name: 'New user' });
  const username = form.getByLabel('Username', { exact: true });
  await username.fill('Not A Name');
  await form.getByLabel('Full name').fill('Some One');
  await form.getByLabel('Password', { exact: true }).fill('first-Passw0rd');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription(/lowercase/);
  await expect(username).toHaveValue('Not A Name');
  await expect(form.getByLabel('Full name')).toHaveValue('Some One');
});

test('a user who is not an admin has no Users page', async ({ page, user }) => {
  await signIn(page, user.name, user.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Repositories' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/repositories$/);
  await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0);
});
