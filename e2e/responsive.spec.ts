// Issue 17: every page at 1280 × 800 and at 375 × 812: no sideways scrolling, the navigation (and the
// user menu) reachable, axe clean under WCAG 2.2 AA.
import { type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { ADMIN } from './env';
import { basicAuth, expect, signIn, test, uniqueName } from './fixtures';

const asAdmin = { headers: basicAuth(ADMIN.name, ADMIN.password) };

async function noSidewaysScroll(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${what}: page ${scroll} px wide in a ${width} px window`).toBeLessThanOrEqual(width);
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test('every page fits, its navigation is reachable, and axe finds nothing serious', async ({ page, request, api, user }) => {
      test.setTimeout(300_000);
      const org = uniqueName('rsp');
      // One after another: the team and the repository need their organization.
      for (const call of [
        () => request.post('/enzi/v0/accounts', { ...asAdmin, data: { name: org, isOrg: true } }),
        () => request.post(`/enzi/v0/accounts/${org}/teams`, { ...asAdmin, data: { name: 'builders' } }),
        () => request.post(`/api/v0/repositories/${org}`, { ...asAdmin, data: { name: 'a-rather-long-repository-name-for-phones', visibility: 'private' } }),
      ]) {
        const response = await call();
        expect(response.ok(), await response.text()).toBe(true);
      }
      const { hashedToken } = await api.createToken(user, { tokenLabel: 'a token with a long description that has to wrap on a phone' });
      await signIn(page, ADMIN.name, ADMIN.password);
      const paths = [
        '/repositories',
        `/repositories/${org}/a-rather-long-repository-name-for-phones`,
        `/repositories/${org}/a-rather-long-repository-name-for-phones/tags`,
        `/repositories/${org}/a-rather-long-repository-name-for-phones/settings`,
        '/organizations',
        `/organizations/${org}`,
        `/organizations/${org}/teams/builders`,
        '/users',
        '/credentials',
        '/trusted-publishers',
        '/audit',
        '/api-reference',
        `/users/${ADMIN.name}/profile`,
        `/users/${ADMIN.name}/profile/sessions`,
        `/users/${user.name}/profile/access-tokens`,
        `/users/${user.name}/profile/access-tokens?token=${hashedToken}`,
        `/users/${user.name}/profile/access-tokens?new=1`,
      ];
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator('main h1').first()).toBeVisible();
        await noSidewaysScroll(page, path);
        expect(await seriousViolations(page), path).toEqual([]);
      }

      // The navigation: the sidebar on wide screens, the Menu button on phones; Profile and Sign out in it.
      await page.goto('/repositories');
      const nav = page.getByRole('navigation', { name: 'Main' });
      if (viewport.width < 768) {
        await nav.getByText('Menu', { exact: true }).click();
        await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
        await noSidewaysScroll(page, 'the open menu');
        expect(await seriousViolations(page), 'the open menu').toEqual([]);
      } else {
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await nav.getByText(ADMIN.name, { exact: true }).click();
      }
      await nav.getByRole('link', { name: 'Profile' }).click();
      await expect(page).toHaveURL(new RegExp(`/users/${ADMIN.name}/profile$`));
    });
  });
}

test('the sign-in page fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/login');
  await noSidewaysScroll(page, '/login');
  expect(await seriousViolations(page)).toEqual([]);
});
