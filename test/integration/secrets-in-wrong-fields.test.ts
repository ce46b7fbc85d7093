// SPEC 10, "No secret in any stored or logged field": a token or a password sent where a username
// goes (`curl -u <token>:x`, a password typed into the username field) is never stored as sent.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as tokenService } from '@/app/auth/token/route';
import { queryRows } from '@/db';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { recordedName } from '@/lib/auth/recorded-name';
import { basic, call } from '../support/http';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser } from '../support/users';

/** Every row of every table of ours, as text: where a stored secret would show. */
async function wholeDatabase(): Promise<string> {
  const tables = await queryRows<{ name: string }>(sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
  let text = '';
  for (const { name } of tables) {
    const [row] = await queryRows<{ dump: string | null }>(sql`select string_agg(t::text, '\n') as dump from ${sql.identifier(name)} t`);
    text += row.dump ?? '';
  }
  return text;
}

describe('a secret in the username field', () => {
  it('is recorded as the token hint or a keyed hash, in events and in the rate-limit state', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const password = 'Correct-Horse-Battery-Staple-9';
    const headers = { 'x-berth-client-ip': '198.51.100.99' };
    // The habit from other hosts: the token as the username, anything as the password.
    expect((await tokenApi.list(basic(token, 'x'), '', headers)).status).toBe(401);
    expect((await call(tokenService, 'GET', '/auth/token?service=berth', { auth: basic(token, 'x'), headers })).status).toBe(401);
    // A password typed into the username field, then the username into the password one.
    await authenticateSecret({ username: password, secret: user.name }, { ip: '198.51.100.99', userAgent: 'test' }, 'web');
    await authenticateSecret({ username: ` ${token}\n`, secret: 'x' }, { ip: '198.51.100.99', userAgent: 'test' }, 'web');

    const stored = await wholeDatabase();
    for (const secret of [token, token.slice(4, 40), password, encodeURIComponent(password), Buffer.from(password).toString('base64')]) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).toContain(`brt_…${token.slice(-4)}`);
    expect(stored).toContain(await recordedName(password));
  });

  it('keeps valid account names as sent and hashes anything else with a key, the same on every call', async () => {
    expect(await recordedName('alice')).toBe('alice');
    const hashed = await recordedName('Alice Smith');
    expect(hashed).toMatch(/^\(invalid name\) [0-9a-f]{12}$/);
    expect(await recordedName('Alice Smith')).toBe(hashed);
    expect(await recordedName('Alice Smith2')).not.toBe(hashed);
    expect(await recordedName('brt_abcdefghijABCDEFGHIJ')).toBe('brt_…GHIJ');
  });
});
