// Organizations, teams and team access: an admin sets them up in the pages, and the user's view follows.
import { basicAuth, expect, signIn, test, uniqueName } from './fixtures';

test('an admin creates an org and a team, adds a user, grants read-write; the user then sees the repository', async ({ browser, page, admin, user, api, request }) => {
  const org = uniqueName('org');
  const team = 'builders';
  const repo = 'web';
  const token = await api.createToken(user, { tokenLabel: 'ci' });
  const listed = async () => {
    const res = await request.get('/api/v0/repositories?pageSize=100', { headers: basicAuth(user.name, token.token) });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { repositories: { namespace: string; name: string }[] }).repositories.map((r) => `${r.namespace}/${r.name}`);
  };

  await signIn(page, admin.name, admin.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Organizations' }).click();
  const newOrg = page.getByRole('form', { name: 'New organization' });
  await newOrg.getByLabel('Organization name').fill(org);
  await newOrg.getByRole('button', { name: 'Create organization' }).click();
  await expect(newOrg.getByRole('status')).toHaveText(`Created organization ${org}.`);
  await page.getByRole('link', { name: org, exact: true }).click();
  await expect(page.getByRole('heading', { name: org, level: 1 })).toBeVisible();

  const newTeam = page.getByRole('form', { name: 'New team' });
  await newTeam.getByLabel('Team name').fill(team);
  await newTeam.getByLabel('Description').fill('Builds and pushes');
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  await page.getByRole('link', { name: team, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Team ${team}` })).toBeVisible();
  const addMember = page.getByRole('form', { name: 'Add team member' });
  await addMember.getByLabel('Username').fill(user.name);
  await addMember.getByRole('button', { name: 'Add to team' }).click();
  await expect(page.getByRole('cell', { name: user.name, exact: true })).toBeVisible();

  await nav.getByRole('link', { name: 'Repositories' }).click();
  const newRepo = page.getByRole('form', { name: 'New repository' });
  await newRepo.getByLabel('Namespace').fill(org);
  await newRepo.getByLabel('Repository name').fill(repo);
  await newRepo.getByRole('button', { name: 'Create repository' }).click();
  await expect(page.getByRole('heading', { name: `${org}/${repo}` })).toBeVisible();
  // In the organization and on its team, but without a grant: the private repository stays hidden.
  expect(await listed()).not.toContain(`${org}/${repo}`);

  await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings' }).click();
  const grant = page.getByRole('form', { name: 'Grant team access' });
  await grant.getByLabel('Team').selectOption(team);
  await grant.getByLabel('Access level').selectOption('read-write');
  await grant.getByRole('button', { name: 'Grant access' }).click();
  await expect(grant.getByRole('status')).toHaveText(`Team ${team} now has read-write access.`);
  await expect(page.getByRole('row').filter({ hasText: team }).getByRole('cell', { name: 'read-write' })).toBeVisible();

  // The token created before any of this follows at its very next request.
  expect(await listed()).toContain(`${org}/${repo}`);

  const context = await browser.newContext();
  const userPage = await context.newPage();
  await signIn(userPage, user.name, user.password);
  await expect(userPage.getByRole('link', { name: `${org}/${repo}` })).toBeVisible();
  await userPage.getByRole('link', { name: `${org}/${repo}` }).click();
  await expect(userPage.getByText('read-write', { exact: true })).toBeVisible();
  // A read-write member gets no Settings tab, and the organization page offers no management.
  await expect(userPage.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await userPage.goto(`/organizations/${org}`);
  await expect(userPage.getByRole('heading', { name: org, level: 1 })).toBeVisible();
  await expect(userPage.getByRole('button', { name: 'Add member' })).toHaveCount(0);
  await expect(userPage.getByRole('button', { name: 'Create team' })).toHaveCount(0);
  await userPage.goto(`/repositories/${org}/${repo}/settings`);
  await expect(userPage.getByRole('heading', { name: 'Team access' })).toHaveCount(0);
  await context.close();
});

test('a member searches their organizations by the start of a name, sorts them Z to A, and is told what to do with none', async ({ page, user, admin, request }) => {
  const prefix = uniqueName('osr');
  const asAdmin = { headers: basicAuth(admin.name, admin.password) };
  const tag = `Osr${prefix.slice(-6)}`;
  const words = ['alpha', 'beta', 'gamma'];
  const orgs = words.map((w) => `${prefix}-${w}`);
  for (const [i, org] of orgs.entries()) {
    expect((await request.post('/enzi/v0/accounts', { ...asAdmin, data: { name: org, isOrg: true, fullName: `${tag} ${words[i]}` } })).status()).toBe(201);
  }
  // The user belongs to two of the three.
  for (const org of orgs.slice(0, 2)) expect((await request.put(`/enzi/v0/accounts/${org}/members/${user.name}`, { ...asAdmin, data: { isAdmin: false } })).status()).toBe(200);
  await signIn(page, user.name, user.password);
  await page.goto('/organizations');
  const search = page.getByRole('search', { name: 'Search organizations' });
  const names = () => page.getByRole('region', { name: 'Organizations' }).locator('tbody tr td:first-child').allTextContents();
  await search.getByLabel('Name or full name starts with').fill(prefix);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  expect(await names()).toEqual(orgs.slice(0, 2));
  await expect(page.getByRole('navigation', { name: 'Pages of organizations' })).toContainText('Showing 2 of 2 organizations');
  const header = page.getByRole('columnheader', { name: 'Name', exact: true });
  await header.getByRole('link').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  expect(await names()).toEqual(orgs.slice(0, 2).reverse());
  // The full name's start, in upper case.
  await search.getByLabel('Name or full name starts with').fill(`${tag.toUpperCase()} AL`);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\+AL/);
  expect(await names()).toEqual([orgs[0]]);
  await search.getByLabel('Name or full name starts with').fill(`${prefix}-gamma`);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText(`No organization's name or full name starts with “${prefix}-gamma”.`)).toBeVisible();
});

test('a user in no organization is told how to join one', async ({ page, api }) => {
  const loner = await api.createUser({ prefix: 'loner' });
  await signIn(page, loner.name, loner.password);
  await page.goto('/organizations');
  await expect(page.getByText('You belong to no organization yet. An admin of an organization can add you to it.')).toBeVisible();
});
