import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { accessTokens } from '@/db/schema';
import { verifyCredentials, verifyToken } from '@/lib/auth/credentials';
import { updateAccount } from '@/lib/accounts/queries';
import { deleteTokens, updateToken } from '@/lib/access-tokens/queries';
import { hashToken } from '@/lib/access-tokens/format';
import { corrupt, createToken, insertTokenRow, storedToken } from '../support/tokens';
import { createUser } from '../support/users';

const IP = '198.51.100.7';
const refused = { ok: false, reason: 'invalid' };

describe('passwords', () => {
  it('accepts the right password with full scope', async () => {
    const user = await createUser();
    const result = await verifyCredentials(user.name, user.password, IP);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal.user.id).toBe(user.account.id);
    expect(result.principal.credential).toEqual({ kind: 'password' });
    expect(result.principal.scope).toBe('admin');
  });

  it('refuses a wrong password, an unknown user and another user’s password', async () => {
    const user = await createUser();
    const other = await createUser();
    expect(await verifyCredentials(user.name, `${user.password}x`, IP)).toEqual(refused);
    expect(await verifyCredentials(user.name, '', IP)).toEqual(refused);
    expect(await verifyCredentials(`${user.name}-nobody`, user.password, IP)).toEqual(refused);
    expect(await verifyCredentials(other.name, user.password, IP)).toEqual(refused);
  });

  it('refuses the right password of a deactivated user', async () => {
    const user = await createUser({ active: false });
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual(refused);
  });
});

describe('access tokens as credentials', () => {
  it('accepts a token for its owner, carrying who made it and its scope', async () => {
    const user = await createUser();
    const created = await createToken(user, { scope: 'read-only' });
    const result = await verifyCredentials(user.name, created.token, IP);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal.user.id).toBe(user.account.id);
    expect(result.principal.scope).toBe('read-only');
    expect(result.principal.credential).toMatchObject({ kind: 'token', generatedBy: user.name });
    const bearer = await verifyToken(created.token, { ip: IP });
    expect(bearer.ok && bearer.principal.user.id).toBe(user.account.id);
  });

  it('refuses a token under any other username', async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    const { token } = await createToken(owner);
    expect(await verifyCredentials(other.name, token, IP)).toEqual(refused);
    expect(await verifyCredentials(admin.name, token, IP)).toEqual(refused);
    expect(await verifyCredentials(`${owner.name}-nobody`, token, IP)).toEqual(refused);
    expect(await verifyToken(token, { username: other.name, ip: IP })).toEqual(refused);
    // The owner still signs in with it: the refusals changed nothing.
    expect((await verifyCredentials(owner.name, token, IP)).ok).toBe(true);
  });

  it('refuses a deactivated token, and accepts it again once reactivated', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    await updateToken(hashToken(token), user.account.id, { isActive: false });
    expect(await verifyCredentials(user.name, token, IP)).toEqual(refused);
    expect(await verifyToken(token, { ip: IP })).toEqual(refused);
    await updateToken(hashToken(token), user.account.id, { isActive: true });
    expect((await verifyCredentials(user.name, token, IP)).ok).toBe(true);
  });

  it('refuses an expired token and accepts one that expires later', async () => {
    const user = await createUser();
    const expired = await insertTokenRow(user, { expiresAt: new Date(Date.now() - 1000) });
    const later = await insertTokenRow(user, { expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await verifyCredentials(user.name, expired, IP)).toEqual(refused);
    expect(await verifyToken(expired, { ip: IP })).toEqual(refused);
    expect((await verifyCredentials(user.name, later, IP)).ok).toBe(true);
  });

  it('refuses a deleted token', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    expect(await deleteTokens([hashToken(token)], user.account.id)).toHaveLength(1);
    expect(await verifyCredentials(user.name, token, IP)).toEqual(refused);
    expect(await verifyToken(token, { ip: IP })).toEqual(refused);
  });

  it('refuses every token of a deactivated owner', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    await updateAccount(user.account.id, { isActive: false });
    expect(await verifyCredentials(user.name, token, IP)).toEqual(refused);
    expect(await verifyToken(token, { ip: IP })).toEqual(refused);
  });

  it('refuses a token whose checksum does not match', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const typo = corrupt(token);
    expect(await verifyCredentials(user.name, typo, IP)).toEqual(refused);
    expect(await verifyToken(typo, { ip: IP })).toEqual(refused);
  });

  it('records the first use and its IP, and does not rewrite them within a minute', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const fresh = await storedToken(token);
    expect(fresh.lastUsed).toBeNull();
    expect(fresh.lastUsedIp).toBeNull();

    expect((await verifyCredentials(user.name, token, '203.0.113.1')).ok).toBe(true);
    const first = await storedToken(token);
    expect(first.lastUsed).toBeInstanceOf(Date);
    expect(first.lastUsedIp).toBe('203.0.113.1');

    expect((await verifyToken(token, { ip: '203.0.113.2' })).ok).toBe(true);
    expect((await verifyCredentials(user.name, token, '203.0.113.3')).ok).toBe(true);
    const again = await storedToken(token);
    expect(again.lastUsed?.getTime()).toBe(first.lastUsed?.getTime());
    expect(again.lastUsedIp).toBe('203.0.113.1');
  });

  it('records the use again once the stored one is over a minute old', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const old = new Date(Date.now() - 5 * 60_000);
    await db.update(accessTokens).set({ lastUsed: old, lastUsedIp: '203.0.113.1' }).where(eq(accessTokens.hashedToken, hashToken(token)));
    expect((await verifyCredentials(user.name, token, '203.0.113.9')).ok).toBe(true);
    const row = await storedToken(token);
    expect(row.lastUsed!.getTime()).toBeGreaterThan(old.getTime());
    expect(row.lastUsedIp).toBe('203.0.113.9');
  });

  it('does not record a refused use', async () => {
    const owner = await createUser();
    const other = await createUser();
    const { token } = await createToken(owner);
    expect(await verifyCredentials(other.name, token, IP)).toEqual(refused);
    await updateToken(hashToken(token), owner.account.id, { isActive: false });
    expect(await verifyCredentials(owner.name, token, IP)).toEqual(refused);
    const row = await storedToken(token);
    expect(row.lastUsed).toBeNull();
    expect(row.lastUsedIp).toBeNull();
  });
});
