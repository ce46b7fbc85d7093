// The bad-input suite, text (issue 5, item 5): credentials that are no credentials, in the
// Authorization header and the session cookie; and text the routes accept (emoji, right-to-left,
// SQL and HTML fragments, the longest names and dates), stored and answered exactly as sent. The
// world lends its system admin; its rows are compared before and after.
import { afterAll, describe, expect, it } from 'vitest';
import { enzi } from '../support/accounts-api';
import { expectRefused, expectUnchanged, HTML_FRAGMENTS, LONG_TEXT, SQL_FRAGMENTS, UNICODE_TEXT, useWorld } from '../support/bad-input';
import { expectJson } from '../support/http';
import { createOrg } from '../support/orgs';
import { repositoryApi } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, uniqueName } from '../support/users';

const world = useWorld();

// Nothing of the world changes: checked once every test of this file has run.
afterAll(() => expectUnchanged(world));

describe('credentials that are not credentials', () => {
  it('answer 401 on the API, whatever the header or cookie holds', async () => {
    const user = await createUser({ prefix: 'creds' });
    const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
    const authorizations = [
      `Basic ${b64(`${user.name}\u0000:${user.password}`)}`,
      `Basic ${b64(`${user.name}:${user.password}\u0000`)}`,
      `Basic ${b64(`${'n'.repeat(10_000)}:${user.password}`)}`,
      `Basic ${b64(`${user.name}:${'p'.repeat(10_000)}`)}`,
      `Basic ${b64(Buffer.from([0xff, 0xfe, 0x3a, 0xc3, 0x28]))}`,
      `Basic ${b64(`../${user.name}:${user.password}`)}`,
      `Basic ${b64(`' or 1=1 --:' or 1=1 --`)}`,
      `Basic ${'A'.repeat(100_000)}`,
      `Bearer ${'brt_'.padEnd(10_000, 'x')}`,
      'Bearer brt_../../etc/passwd',
      `Bearer ${"' or 1=1 --"}`,
      'Basic',
      'Bearer',
      '',
      ' ',
    ];
    for (const auth of authorizations) {
      await expectRefused(await tokenApi.list(undefined, '', { authorization: auth }), 401, 'NOT_AUTHENTICATED');
    }
    for (const cookie of [
      'next-auth.session-token=%E0%A4%A',
      'next-auth.session-token=%',
      '__Secure-next-auth.session-token=%zz',
      'next-auth.session-token=not-a-jwt',
      `next-auth.session-token=${'x'.repeat(10_000)}`,
      'next-auth.session-token=',
      '=;;;=;next-auth.session-token',
    ]) {
      await expectRefused(await tokenApi.list(undefined, '', { cookie }), 401, 'NOT_AUTHENTICATED');
    }
  });
});

describe('text that is accepted is stored and answered exactly as sent', () => {
  const texts = [...UNICODE_TEXT, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS];

  it('in token labels', async () => {
    const user = await createUser({ prefix: 'label' });
    const { token } = await createToken(user);
    const auth = `Bearer ${token}`;
    for (const tokenLabel of texts.filter((t) => t.length <= 100)) {
      const created = await expectJson<{ hashedToken: string; tokenLabel: string }>(await tokenApi.create(auth, { body: { tokenLabel } }));
      expect(created.tokenLabel).toBe(tokenLabel);
      const read = await tokenApi.one('GET', auth, created.hashedToken);
      const text = await read.clone().text();
      expect(read.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(text).tokenLabel).toBe(tokenLabel);
      const renamed = `${tokenLabel} (renamed)`.slice(-100);
      const patched = await tokenApi.one('PATCH', auth, created.hashedToken, { tokenLabel: renamed });
      expect((await expectJson<{ tokenLabel: string }>(patched)).tokenLabel).toBe(renamed);
    }
  });

  it('in repository descriptions, a 10,000-character one and several lines included', async () => {
    const user = await createUser({ prefix: 'descr' });
    const { token } = await createToken(user);
    const auth = `Bearer ${token}`;
    const ns = user.name;
    const longs = [...texts, LONG_TEXT, 'line one\nline two\r\n\ttabbed'];
    for (const [i, longDescription] of longs.entries()) {
      const shortDescription = texts[i % texts.length];
      const name = `repo-${i}`;
      const created = await expectJson<{ shortDescription: string; longDescription: string }>(
        await repositoryApi.create(auth, ns, { name, shortDescription, longDescription }),
        201,
      );
      expect(created).toMatchObject({ shortDescription, longDescription });
      const read = await expectJson<{ shortDescription: string; longDescription: string }>(await repositoryApi.get(auth, ns, name));
      expect(read).toMatchObject({ shortDescription, longDescription });
      const next = texts[(i + 1) % texts.length];
      const patched = await expectJson(await repositoryApi.patch(auth, ns, name, { shortDescription: next }));
      expect(patched).toMatchObject({ shortDescription: next, longDescription });
    }
  });

  it('in full names of accounts and descriptions of teams', async () => {
    const org = await createOrg();
    for (const text of texts) {
      const name = uniqueName('full');
      const created = await expectJson<{ fullName: string }>(
        await enzi.createAccount(world.auth.admin, { name, password: 'a-good-password', fullName: text }),
        201,
      );
      expect(created.fullName).toBe(text);
      const read = await expectJson<{ fullName: string }>(await enzi.getAccount(world.auth.admin, name));
      expect(read.fullName).toBe(text);

      const teamName = uniqueName('t');
      const made = await expectJson<{ description: string }>(await enzi.createTeam(world.auth.admin, org.name, { name: teamName, description: text }), 201);
      expect(made.description).toBe(text);
      const got = await expectJson<{ description: string }>(await enzi.getTeam(world.auth.admin, org.name, teamName));
      expect(got.description).toBe(text);
    }
  });

  it('in expiry times at the edges of the calendar, and names at their longest', async () => {
    const user = await createUser({ prefix: 'edges' });
    const { token } = await createToken(user);
    const auth = `Bearer ${token}`;
    for (const expiresAt of ['9999-12-31', '9999-12-31T23:59:59.999+14:00', '2099-01-01T00:00:00.123456789Z', '2099-06-30T12:00:00+14:00']) {
      const created = await expectJson<{ expiresAt: string }>(await tokenApi.create(auth, { body: { expiresAt } }));
      expect(new Date(created.expiresAt).getTime()).toBe(new Date(expiresAt).getTime());
    }
    const name = `${'a'.repeat(127)}.${'b'.repeat(127)}`;
    const repo = await expectJson<{ name: string }>(await repositoryApi.create(auth, user.name, { name }), 201);
    expect(repo.name).toBe(name);
    await expectRefused(await repositoryApi.create(auth, user.name, { name: `${name}c` }), 400, 'INVALID_PARAMETERS');
  });

  it('while names with the same fragments are refused and nothing is created', async () => {
    for (const name of [...SQL_FRAGMENTS, ...HTML_FRAGMENTS, ...UNICODE_TEXT]) {
      await expectRefused(await enzi.createAccount(world.auth.admin, { name, password: 'a-good-password' }), 400, 'INVALID_PARAMETERS');
      await expectRefused(await enzi.getAccount(world.auth.admin, name), [400, 404], ['NO_SUCH_ACCOUNT', 'INVALID_PARAMETERS']);
    }
  });
});
