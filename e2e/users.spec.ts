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
  // Other specs' users may fill the first page: find this one by the search.
  await page.getByRole('search', { name: 'Search users' }).getByLabel('Username or full name starts with').fill(name);
  await page.getByRole('search', { name: 'Search users' }).getByRole('button', { name: 'Search' }).click();

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

test('the Users list searches names and full names by their start, sorts by its headers, and says when nothing matches', async ({ page, admin, request }) => {
  const prefix = uniqueName('srch');
  const tag = `Qz${prefix.slice(-6)}`;
  const asAdmin = { headers: basicAuth(admin.name, admin.password) };
  const names = [`${prefix}-b`, `${prefix}-a`, `${prefix}-c`];
  for (const [i, name] of names.entries()) {
    const response = await request.post('/enzi/v0/accounts', { ...asAdmin, data: { name, password: 'first-Passw0rd', fullName: i === 2 ? 'Someone Else' : `${tag} Person ${i}` } });
    expect(response.status(), await response.text()).toBe(201);
  }
  await signIn(page, admin.name, admin.password);
  await page.goto('/users');
  const search = page.getByRole('search', { name: 'Search users' });
  const usernames = () => page.getByRole('region', { name: 'Users' }).locator('tbody tr td:first-child').allTextContents();
  const find = async (text: string) => {
    await search.getByLabel('Username or full name starts with').fill(text);
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text).replace(/%20/g, '\\+')}`));
  };

  await find(prefix);
  expect(await usernames()).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  await expect(page.getByRole('navigation', { name: 'Pages of users' })).toContainText('Showing 3 of 3 users');
  // Z to A by the Username header, the search kept; then newest first by Created.
  const username = page.getByRole('columnheader', { name: 'Username' });
  await expect(username).toHaveAttribute('aria-sort', 'ascending');
  await username.getByRole('link').click();
  await expect(username).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(new RegExp(`q=${prefix}&sort=name&order=desc`));
  expect(await usernames()).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
  await page.getByRole('columnheader', { name: 'Created' }).getByRole('link').click();
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');
  expect(await usernames()).toEqual([...names].reverse());

  // The start of a full name, in lower case; not the middle of a username.
  await find(tag.toLowerCase());
  expect((await usernames()).sort()).toEqual([`${prefix}-a`, `${prefix}-b`]);
  await find(prefix.slice(2));
  await expect(page.getByText(`No username or full name starts with “${prefix.slice(2)}”.`)).toBeVisible();
  await page.getByRole('link', { name: 'show every user' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(search.getByLabel('Username or full name starts with')).toHaveValue('');
});
