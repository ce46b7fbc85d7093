// SPEC 12, leak response: a secret-scanning partner's report, signed with ECDSA P-256 over the raw
// body with a key from the configured key list, deactivates each active `brt_` token it names at
// once, audits `token.leaked` with the url, shows the owner a banner and answers each string as a true
// or false positive; an unsigned or badly signed report answers 401 and changes nothing.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as report } from '@/app/api/v0/secret-scanning/report/route';
import { hashToken } from '@/lib/access-tokens/format';
import { ownLeakedTokens } from '@/lib/access-tokens/leaks';
import { verifyReportSignature } from '@/lib/access-tokens/leak-signature';
import { verifyCredentials } from '@/lib/auth/credentials';
import { config } from '@/lib/config';
import { BASE, expectError, expectJson, send } from '../support/http';
import { auditEvents, rotated } from '../support/rotation';
import { corrupt, createToken, insertTokenRow, storedToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, signIn, type TestUser } from '../support/users';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const current = pair();
const stranger = pair();
const KEY_ID = 'f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d';

const keyList = (entries: [string, KeyObject][]) => ({
  public_keys: entries.map(([id, key], i) => ({ key_identifier: id, key: key.export({ type: 'spki', format: 'pem' }), is_current: i === 0 })),
});

const signed = (body: string, key: KeyObject = current.privateKey) => sign('sha256', Buffer.from(body), { key, dsaEncoding: 'der' }).toString('base64');

function post(body: string, headers: Record<string, string>) {
  return send(report, new Request(new URL('/api/v0/secret-scanning/report', BASE), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }));
}

const postSigned = (items: unknown[], keyId = KEY_ID) => {
  const body = JSON.stringify(items);
  return post(body, { 'GITHUB-PUBLIC-KEY-IDENTIFIER': keyId, 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(body) });
};

const item = (token: string, url = 'https://github.com/octocat/app/blob/abc/ci.yml') => ({ token, type: 'berth_access_token', url, source: 'content' });

let owner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  // The key list in the code host's format, as SECRET_SCANNING_KEYS_FILE names it (vitest.config.mts).
  expect(config.secretScanningKeys.file).toBeTruthy();
  writeFileSync(config.secretScanningKeys.file!, JSON.stringify(keyList([[KEY_ID, current.publicKey], ['older-key', pair().publicKey]])));
  owner = await createUser({ prefix: 'leaky' });
  admin = await createUser({ admin: true, prefix: 'leakadm' });
});

const works = async (token: string) => (await verifyCredentials(owner.name, token, '10.0.0.1')).ok;

describe('a signed report', () => {
  it('deactivates each active token it names at once, audits it with the url (never the token) and answers true positives', async () => {
    const a = (await createToken(owner, { tokenLabel: 'ci' })).token;
    const b = (await createToken(owner)).token;
    const untouched = (await createToken(owner)).token;
    expect(await works(a)).toBe(true);
    const answer = await expectJson<unknown[]>(await postSigned([item(a), item(b, 'https://gist.github.com/x/1')]));
    expect(answer).toEqual([
      { token_hash: hashToken(a), token_type: 'berth_access_token', label: 'true_positive' },
      { token_hash: hashToken(b), token_type: 'berth_access_token', label: 'true_positive' },
    ]);
    expect(JSON.stringify(answer)).not.toContain(a);
    expect(await works(a)).toBe(false);
    expect(await works(b)).toBe(false);
    expect(await works(untouched)).toBe(true);
    expect((await storedToken(a)).isActive).toBe(false);
    // Never on again: its owner cannot reactivate it.
    const reactivate = await tokenApi.one('PATCH', passwordAuth(owner), hashToken(a), { isActive: true });
    await expectError(reactivate, 400, 'INVALID_PARAMETERS');
    expect(await works(a)).toBe(false);

    const events = await auditEvents(passwordAuth(admin), `?action=token.leaked&target=${encodeURIComponent((await storedToken(a)).hint)}`);
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({ owner: owner.name, url: 'https://github.com/octocat/app/blob/abc/ci.yml', wasActive: true });
    expect(JSON.stringify(events)).not.toContain(a);

    // The owner's banner names the token by its hint and where it was found.
    const banner = await ownLeakedTokens(await signIn(owner));
    expect(banner.map((t) => [t.hint, t.leakUrl])).toEqual(expect.arrayContaining([[(await storedToken(a)).hint, 'https://github.com/octocat/app/blob/abc/ci.yml']]));
  });

  it('answers strings that are not Berth tokens as false positives, and changes nothing', async () => {
    const live = (await createToken(owner)).token;
    const unknown = await insertTokenRow(owner).then(() => 'brt_' + 'A'.repeat(42));
    const answer = await expectJson<{ label: string }[]>(await postSigned([item('ghp_notours123'), item(corrupt(live)), item(unknown), item('password123')]));
    expect(answer.map((a) => a.label)).toEqual(['false_positive', 'false_positive', 'false_positive', 'false_positive']);
    expect(await works(live)).toBe(true);
  });

  it('counts a token already inactive or expired as a true positive (it is Berth\'s), records the leak once and leaves it off', async () => {
    const off = await insertTokenRow(owner, { isActive: false });
    const expired = await insertTokenRow(owner, { expiresAt: new Date(Date.now() - 60_000) });
    const answer = await expectJson<{ label: string }[]>(await postSigned([item(off), item(expired)]));
    expect(answer.map((a) => a.label)).toEqual(['true_positive', 'true_positive']);
    expect((await storedToken(off)).leakedAt).toBeInstanceOf(Date);
    expect((await storedToken(off)).isActive).toBe(false);
  });

  it('is idempotent when replayed: the same answer, no second event', async () => {
    const token = (await createToken(owner)).token;
    const body = JSON.stringify([item(token)]);
    const headers = { 'GITHUB-PUBLIC-KEY-IDENTIFIER': KEY_ID, 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(body) };
    const first = await expectJson(await post(body, headers));
    const again = await expectJson(await post(body, headers));
    expect(again).toEqual(first);
    const hint = (await storedToken(token)).hint;
    expect(await auditEvents(passwordAuth(admin), `?action=token.leaked&target=${encodeURIComponent(hint)}`)).toHaveLength(1);
  });

  it('ends the grace period of a leaked retired secret; the rotated secret keeps working', async () => {
    const first = await createToken(owner);
    const next = await rotated(passwordAuth(owner), first.hashedToken, 24);
    expect(await works(first.token)).toBe(true);
    const [answer] = await expectJson<{ label: string }[]>(await postSigned([item(first.token)]));
    expect(answer.label).toBe('true_positive');
    expect(await works(first.token)).toBe(false);
    expect(await works(next.token)).toBe(true);
  });

  it('refuses a malformed report that is signed with 400', async () => {
    const body = JSON.stringify({ token: 'x' });
    await expectError(await post(body, { 'GITHUB-PUBLIC-KEY-IDENTIFIER': KEY_ID, 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(body) }), 400, 'INVALID_PARAMETERS');
  });
});

describe('a report that is not signed by a known key', () => {
  let token: string;
  let body: string;
  beforeAll(async () => {
    token = (await createToken(owner)).token;
    body = JSON.stringify([item(token)]);
  });

  it.each([
    ['unsigned', () => ({})],
    ['signed by a key not in the list', () => ({ 'GITHUB-PUBLIC-KEY-IDENTIFIER': KEY_ID, 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(body, stranger.privateKey) })],
    ['naming an unknown key id', () => ({ 'GITHUB-PUBLIC-KEY-IDENTIFIER': 'no-such-key', 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(body) })],
    ['with a signature that is not base64 DER', () => ({ 'GITHUB-PUBLIC-KEY-IDENTIFIER': KEY_ID, 'GITHUB-PUBLIC-KEY-SIGNATURE': 'bm90IGEgc2lnbmF0dXJl' })],
    ['replayed with a tampered body', () => ({ 'GITHUB-PUBLIC-KEY-IDENTIFIER': KEY_ID, 'GITHUB-PUBLIC-KEY-SIGNATURE': signed(JSON.stringify([item('brt_other')])) })],
  ])('%s: 401, and the token keeps working', async (_, headers) => {
    await expectError(await post(body, headers()), 401, 'NOT_AUTHENTICATED');
    expect(await works(token)).toBe(true);
    expect((await storedToken(token)).leakedAt).toBeNull();
  });
});

describe('the key list at SECRET_SCANNING_KEYS_URL', () => {
  let server: http.Server;
  let url: string;
  let served = keyList([['one', current.publicKey]]);
  let fetches = 0;
  beforeAll(async () => {
    server = http.createServer((_, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/meta/public_keys/secret_scanning`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is fetched, cached, and verifies what its keys signed', async () => {
    const body = Buffer.from('[]');
    expect(await verifyReportSignature(body, 'one', signed('[]'), { url })).toBe(true);
    expect(await verifyReportSignature(body, 'one', signed('[]', stranger.privateKey), { url })).toBe(false);
    expect(await verifyReportSignature(body, 'one', signed('[]'), { url })).toBe(true);
    expect(fetches).toBe(1);
    served = keyList([['two', stranger.publicKey]]);
    // A known id is answered from the cache; the rotated list is not fetched again within a minute.
    expect(await verifyReportSignature(body, 'two', signed('[]', stranger.privateKey), { url })).toBe(false);
  });
});
