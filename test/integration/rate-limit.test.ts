import { describe, expect, it } from 'vitest';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { updateToken } from '@/lib/access-tokens/queries';
import { basic, bearer, expectError } from '../support/http';
import { repositoryApi } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth } from '../support/users';

const ip = (n: number) => `10.${n}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const from = (address: string) => ({ 'x-berth-client-ip': address });

describe('rate limits on failed credentials', () => {
  it('refuses a username after 10 failures in the window, right or wrong, with Retry-After', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const attacker = ip(1);
    for (let i = 0; i < 10; i++) {
      const response = await repositoryApi.list(basic(user.name, `wrong-${i}`), '', from(attacker));
      await expectError(response, 401, 'NOT_AUTHENTICATED');
    }
    // The right password is refused unseen now, from any address.
    const refused = await repositoryApi.list(passwordAuth(user), '', from(ip(2)));
    const retryAfter = Number(refused.headers.get('retry-after'));
    await expectError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // The user's token still works from another address, but not from the one that failed.
    const elsewhere = await repositoryApi.list(basic(user.name, token), '', from(ip(3)));
    expect(elsewhere.status).toBe(200);
    const fromAttacker = await repositoryApi.list(basic(user.name, token), '', from(attacker));
    await expectError(fromAttacker, 429, 'TOO_MANY_REQUESTS');
  });

  it('refuses every attempt from an address past its limit, and only from that address', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const limits = { ipFailures: 3, userFailures: 1000, windowMs: 5 * 60_000 };
    const attacker = { ip: ip(4), userAgent: 'test' };
    for (let i = 0; i < 3; i++) {
      const result = await authenticateSecret({ username: `nobody-${i}`, secret: 'guess' }, attacker, 'api', limits);
      expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(await authenticateSecret({ secret: token }, attacker, 'api', limits)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await authenticateSecret({ username: user.name, secret: user.password }, attacker, 'web', limits)).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    const other = await authenticateSecret({ secret: token }, { ip: ip(5), userAgent: 'test' }, 'api', limits);
    expect(other.ok).toBe(true);
  });

  it('does not count successes, and a Bearer token alone is limited by address only', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const address = ip(6);
    for (let i = 0; i < 12; i++) {
      const response = await repositoryApi.list(bearer(token), '', from(address));
      expect(response.status).toBe(200);
    }
  });
});

describe('a revoked token retried by a CI runner', () => {
  it('does not lock the user out: token failures count toward the address, not the username', async () => {
    const user = await createUser();
    const { token: revoked, hashedToken } = await createToken(user);
    const { token: fresh } = await createToken(user);
    await updateToken(hashedToken, user.account.id, { isActive: false });
    const runner = ip(7);
    for (let i = 0; i < 12; i++) {
      const response = await repositoryApi.list(basic(user.name, revoked), '', from(runner));
      await expectError(response, 401, 'NOT_AUTHENTICATED');
    }
    const rotated = await repositoryApi.list(basic(user.name, fresh), '', from(runner));
    expect(rotated.status).toBe(200);
    const password = await repositoryApi.list(passwordAuth(user), '', from(ip(8)));
    expect(password.status).toBe(200);
  });
});
