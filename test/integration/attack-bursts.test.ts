// SPEC 10, "Attempts are counted before they are decided", "Unlock is at once" and "No account
// enumeration", tried as an attacker would: parallel bursts of 200 against every credential entry.
import http from 'node:http';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as tokenService } from '@/app/auth/token/route';
import { db } from '@/db';
import { auditEvents } from '@/db/schema';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { enzi } from '../support/accounts-api';
import { basic, bearer, call } from '../support/http';
import { useRegistryServer } from '../support/registry';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

const BURST = 200;
const LOCK_THRESHOLD = 5; // vitest.config.mts
const USER_WINDOW = 10;

const registry = useRegistryServer();

let next = 0;
/** An address no other test uses, so that only this burst counts toward its limit. */
const address = () => `198.18.${Math.floor(Math.random() * 250)}.${(next++ % 250) + 1}`;

/** The password entries, each answering 'ok', 'invalid', 'locked' or 'throttled' for one attempt. */
type Entry = (user: TestUser, password: string, ip: string) => Promise<'ok' | 'invalid' | 'locked' | 'throttled'>;

const apiBasic: Entry = async (user, password, ip) => {
  const response = await tokenApi.list(basic(user.name, password), '', { 'x-berth-client-ip': ip });
  const text = await response.text();
  if (response.status === 200) return 'ok';
  if (response.status === 429) return 'throttled';
  return /locked/i.test(text) ? 'locked' : 'invalid';
};

const tokenServiceGet: Entry = async (user, password, ip) => {
  const response = await call(tokenService, 'GET', '/auth/token?service=berth', { auth: basic(user.name, password), headers: { 'x-berth-client-ip': ip } });
  const text = await response.text();
  if (response.status === 200) return 'ok';
  if (response.status === 429) return 'throttled';
  return /locked/i.test(text) ? 'locked' : 'invalid';
};

const registryPing: Entry = (user, password, ip) =>
  new Promise((resolve, reject) => {
    const request = http.get(`${registry.url}/v2/`, { headers: { authorization: basic(user.name, password), 'x-berth-client-ip': ip } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        if (response.statusCode === 200) resolve('ok');
        else if (response.statusCode === 429) resolve('throttled');
        else resolve(/locked/i.test(text) ? 'locked' : 'invalid');
      });
    });
    request.on('error', reject);
  });

const signInForm: Entry = async (user, password, ip) => {
  const result = await authenticateSecret({ username: user.name, secret: password }, { ip, userAgent: 'burst' }, 'web');
  return result.ok ? 'ok' : result.reason;
};

const ENTRIES: [string, Entry][] = [
  ['API Basic', apiBasic],
  ['GET /auth/token', tokenServiceGet],
  ['/v2/ Basic', registryPing],
  ['the sign-in form', signInForm],
];

const lockEvents = async (name: string) =>
  (await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'user.locked'), eq(auditEvents.target, name)))).length;

describe.each(ENTRIES)('a burst of %s for one username', (_label, attempt) => {
  it(`checks at most the lockout threshold of ${BURST} passwords, and the right one among them is refused once the lock trips`, async () => {
    const user = await createUser();
    const ip = address();
    const rightAt = Math.floor(BURST / 2);
    const outcomes = await Promise.all(
      Array.from({ length: BURST }, (_, i) => attempt(user, i === rightAt ? user.password : `wrong-${i}-password`, ip)),
    );
    const locks = await lockEvents(user.name);
    // Every answer 'invalid' or 'ok' was a checked password, and so was each one that tripped the lock.
    const checked = outcomes.filter((o) => o === 'invalid' || o === 'ok').length + locks;
    const right = outcomes[rightAt];
    expect(locks).toBeGreaterThanOrEqual(1);
    if (right === 'ok') {
      // It held one of the first places and was decided before the lock: the run of failures began again after it.
      expect(checked).toBeLessThanOrEqual(USER_WINDOW);
    } else {
      expect(checked).toBeLessThanOrEqual(LOCK_THRESHOLD);
    }
    // Once the burst is over the username is locked, for the right password too.
    expect(await attempt(user, user.password, ip)).toMatch(/locked|throttled/);
  });
});

describe('a burst from one address', () => {
  it('of made-up names decides at most the address limit of passwords', async () => {
    const ip = address();
    const limits = { ipFailures: 20, userFailures: 1000, windowMs: 300_000 };
    const outcomes = await Promise.all(
      Array.from({ length: BURST }, (_, i) => authenticateSecret({ username: `nobody-${i}`, secret: 'guess-password' }, { ip, userAgent: 'burst' }, 'api', limits)),
    );
    const decided = outcomes.filter((o) => !o.ok && o.reason === 'invalid').length;
    expect(decided).toBeLessThanOrEqual(limits.ipFailures);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'throttled').length).toBeGreaterThanOrEqual(BURST - limits.ipFailures);
  });

  it('of wrong Bearer tokens counts at most the address limit of failures, and then refuses a good token there too', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const ip = address();
    const limits = { ipFailures: 30, userFailures: 1000, windowMs: 300_000 };
    const wrong = `${token.slice(0, -8)}AAAAAAAA`;
    const outcomes = await Promise.all(Array.from({ length: BURST }, () => authenticateSecret({ secret: wrong }, { ip, userAgent: 'burst' }, 'api', limits)));
    expect(outcomes.filter((o) => !o.ok && o.reason === 'invalid').length).toBeLessThanOrEqual(limits.ipFailures);
    expect(await authenticateSecret({ secret: token }, { ip, userAgent: 'burst' }, 'api', limits)).toMatchObject({ ok: false, reason: 'throttled' });
    expect((await authenticateSecret({ secret: token }, { ip: address(), userAgent: 'burst' }, 'api', limits)).ok).toBe(true);
    // The same through the API, as a Bearer.
    const response = await tokenApi.list(bearer(wrong), '', { 'x-berth-client-ip': ip });
    expect([401, 429]).toContain(response.status);
  });
});

describe('an admin unlock', () => {
  it('lets the right password and a temporary-password token in at once, from the same address', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const ip = address();
    for (let i = 0; i < USER_WINDOW; i++) await signInForm(user, `wrong-${i}-password`, ip);
    expect(await signInForm(user, user.password, ip)).toBe('throttled');
    const temporary = await createToken(user, { by: admin });
    expect(await apiBasic(user, temporary.token, ip)).toBe('throttled');

    const response = await enzi.unlock(passwordAuth(admin), user.name);
    expect(response.ok).toBe(true);
    expect(await apiBasic(user, temporary.token, ip)).toBe('ok');
    expect(await signInForm(user, user.password, ip)).toBe('ok');
  });
});

describe('usernames cannot be enumerated', () => {
  it('an existing and a made-up name get the same answers, attempt by attempt, locked or not', async () => {
    const real = await createUser();
    const made = { ...real, name: `${real.name}-nobody` };
    const ip = address();
    const sequence = async (user: TestUser) => {
      const answers = [];
      for (let i = 0; i < LOCK_THRESHOLD + 2; i++) {
        const response = await tokenApi.list(basic(user.name, `wrong-${i}-password`), '', { 'x-berth-client-ip': ip });
        answers.push([response.status, (await response.json()).errors[0].message, response.headers.get('www-authenticate'), response.headers.get('retry-after')]);
      }
      return answers;
    };
    const forReal = await sequence(real);
    expect(await sequence(made)).toEqual(forReal);
    expect(forReal.at(-1)?.[1]).toMatch(/locked/i);
  });
});
