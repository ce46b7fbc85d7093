// SPEC 12, leak response, against the production server: a report signed with a key from the file
// SECRET_SCANNING_KEYS_FILE names (written here with a key pair made for the run) deactivates the
// token at once, and its owner sees a banner naming it and where it was found, with no violation.
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import { seriousViolations } from './axe';
import { SCANNING_KEYS_FILE } from './env';
import { expect, signIn, test } from './fixtures';

test('a signed leak report turns the token off and shows its owner a banner', async ({ api, request, page, user }) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  fs.writeFileSync(SCANNING_KEYS_FILE, JSON.stringify({ public_keys: [{ key_identifier: 'e2e-key', key: publicKey.export({ type: 'spki', format: 'pem' }), is_current: true }] }));
  const { token, hashedToken } = await api.createToken(user, { tokenLabel: 'pushed by mistake' });
  expect(await api.repositoriesStatus(user.name, token)).toBe(200);

  const url = 'https://github.com/octocat/app/blob/0123abc/deploy.sh';
  const body = JSON.stringify([{ token, type: 'berth_access_token', url, source: 'content' }]);
  const headers = { 'content-type': 'application/json', 'GITHUB-PUBLIC-KEY-IDENTIFIER': 'e2e-key' };
  const unsigned = await request.post('/api/v0/secret-scanning/report', { data: body, headers: { ...headers, 'GITHUB-PUBLIC-KEY-SIGNATURE': sign('sha256', Buffer.from('[]'), { key: privateKey, dsaEncoding: 'der' }).toString('base64') } });
  expect(unsigned.status()).toBe(401);
  expect(await api.repositoriesStatus(user.name, token)).toBe(200);

  const answer = await request.post('/api/v0/secret-scanning/report', { data: body, headers: { ...headers, 'GITHUB-PUBLIC-KEY-SIGNATURE': sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'der' }).toString('base64') } });
  expect(answer.status(), await answer.text()).toBe(200);
  expect(await answer.json()).toEqual([{ token_hash: hashedToken, token_type: 'berth_access_token', label: 'true_positive' }]);
  expect(await api.repositoriesStatus(user.name, token)).toBe(401);

  await signIn(page, user.name, user.password);
  const banner = page.getByRole('alert').filter({ hasText: 'found in public' });
  await expect(banner).toContainText(`brt_…${token.slice(-4)}`);
  await expect(banner).toContainText('pushed by mistake');
  await expect(banner).toContainText(url);
  expect(await page.content()).not.toContain(token);
  expect(await seriousViolations(page)).toEqual([]);
});
