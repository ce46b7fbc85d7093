// SPEC 11: the Tags tab shows an image pushed with skopeo, copies its pull line, and deletes it after
// the typed confirmation; axe finds nothing serious on it.
import { seriousViolations } from './axe';
import { BASE_URL } from './env';
import { basicAuth, expect, signIn, test } from './fixtures';
import { buildOciImage, requireTool, run } from './registry-support';

const HOST = new URL(BASE_URL).host;

test.beforeAll(() => requireTool('skopeo', 'skopeo'));

test('the Tags tab lists a pushed tag, copies its pull line and deletes it', async ({ page, context, api, user, request }) => {
  const { token } = await api.createToken(user, { tokenLabel: 'skopeo' });
  const image = buildOciImage('1', 2);
  const repository = `${user.name}/web`;
  const pushed = await run('skopeo', [
    'copy',
    '--retry-times',
    '0',
    '--dest-tls-verify=false',
    '--dest-creds',
    `${user.name}:${token}`,
    `oci:${image.layout}:1`,
    `docker://${HOST}/${repository}:v1`,
  ]);
  expect(pushed.code, pushed.stderr).toBe(0);

  await signIn(page, user.name, user.password);
  await page.goto(`/repositories/${repository}`);
  await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Tags' }).click();
  await expect(page).toHaveURL(new RegExp(`/repositories/${repository}/tags$`));
  const row = page.getByRole('row').filter({ hasText: 'v1' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(image.manifestDigest.slice(0, 'sha256:'.length + 12));
  await expect(row).toContainText('linux/amd64');
  await expect(row).toContainText(`by ${user.name}`);
  await expect(row).toContainText(/\d+(\.\d)? (B|KiB)/);

  expect(await seriousViolations(page)).toEqual([]);

  // The pull line goes to the clipboard as the user would paste it.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  await row.getByRole('button', { name: 'Copy the pull command of v1', exact: true }).click();
  await expect(row.getByRole('button', { name: 'Copy the pull command of v1', exact: true })).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker pull ${HOST}/${repository}:v1`);

  // Delete asks for the word first.
  await row.getByRole('checkbox', { name: 'Select tag v1' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete tags' });
  const ok = dialog.getByRole('button', { name: 'Delete tag', exact: true });
  await expect(ok).toBeDisabled();
  await dialog.getByLabel('Type delete to confirm').fill('delete');
  await ok.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No tags yet. Push an image to get started:')).toBeVisible();
  await expect(page.getByText(`docker push ${HOST}/${repository}:latest`)).toBeVisible();

  const listed = await request.get(`/api/v0/repositories/${repository}/tags`, { headers: basicAuth(user.name, user.password) });
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the Tags tab deletes a tag through plain forms, after the typed confirmation', async ({ api, user, page }) => {
    const { token } = await api.createToken(user, { tokenLabel: 'skopeo' });
    const image = buildOciImage('1', 1);
    const repository = `${user.name}/plain`;
    for (const tag of ['v1', 'v2']) {
      const pushed = await run('skopeo', [
        'copy',
        '--retry-times',
        '0',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${user.name}:${token}`,
        `oci:${image.layout}:1`,
        `docker://${HOST}/${repository}:${tag}`,
      ]);
      expect(pushed.code, pushed.stderr).toBe(0);
    }
    await signIn(page, user.name, user.password);
    await page.goto(`/repositories/${repository}/tags`);
    await page.getByRole('checkbox', { name: 'Select tag v1' }).check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page).toHaveURL(/\?delete=v1$/);
    const confirm = page.getByRole('dialog', { name: 'Delete tags' });
    await expect(confirm).toContainText('The tag v1 is deleted');
    await confirm.getByLabel('Type delete to confirm').fill('Delete');
    await confirm.getByRole('button', { name: 'Delete tag', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Delete tags' }).getByRole('alert')).toContainText('Type delete, in lowercase, to confirm.');
    await page.getByRole('dialog', { name: 'Delete tags' }).getByLabel('Type delete to confirm').fill('delete');
    await page.getByRole('dialog', { name: 'Delete tags' }).getByRole('button', { name: 'Delete tag', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted 1 tag.' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'v2', exact: true })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'v1', exact: true })).toHaveCount(0);
  });
});
