// The API page renders the OpenAPI document for people, and the document is served to clients (SPEC 13).
import { seriousViolations } from './axe';
import { expect, signIn, test } from './fixtures';

test('the API page lists every operation, from the navigation, with no serious axe violation', async ({ page, user }) => {
  await signIn(page, user.name, user.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' }).click();
  await expect(page.getByRole('heading', { name: 'API', level: 1 })).toBeVisible();
  const tokens = page.getByRole('region', { name: 'Access tokens' });
  await expect(tokens.getByRole('heading', { name: 'POST /api/v0/api_tokens', exact: true })).toBeVisible();
  await expect(tokens.getByRole('heading', { name: 'POST /api/v0/api_tokens/{hashedToken}/rotate', exact: true })).toBeVisible();
  const created = page.getByRole('article', { name: 'POST /api/v0/api_tokens', exact: true });
  await expect(created.getByText('tokenLabel?: string;')).toBeVisible();
  await expect(created.getByText('application/json: NewAPIToken')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'GET /enzi/v0/accounts/{name}/teams/{team}/members' })).toBeVisible();
  await expect(page.locator('#schema-APIToken')).toContainText('hashedToken: string;');

  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForResponse('**/api/v0/openapi.json'), page.getByRole('link', { name: '/api/v0/openapi.json' }).click()]);
  expect(download.status()).toBe(200);
});

test('GET /api/v0/openapi.json answers the document without credentials, and the envelope to a parameter', async ({ request }) => {
  const response = await request.get('/api/v0/openapi.json');
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths)).toContain('/api/v0/api_tokens/{hashedToken}');
  const refused = await request.get('/api/v0/openapi.json?format=yaml');
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toEqual({ errors: [{ code: 'INVALID_PARAMETERS', message: expect.any(String) }] });
});
