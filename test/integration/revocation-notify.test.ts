// SPEC 9: a credential ended on one instance is refused by the others within milliseconds. On
// PostgreSQL every change that can end one is announced with NOTIFY when it commits; this process's
// listener (what every server runs) and a second database client (another instance) both hear it,
// and the listener empties this process's credential caches. PGlite is one process: nothing to test.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeAccount } from '@/lib/accounts/accounts';
import { changeOwnPassword } from '@/lib/accounts/password';
import { deleteAccessTokens, updateAccessToken } from '@/lib/access-tokens/lifecycle';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { rememberedCredentials } from '@/lib/auth/cache';
import { CREDENTIALS_CHANNEL } from '@/lib/auth/queries';
import { listenForRevocations, type RevocationListener } from '@/lib/auth/revocations';
import { revokeWebSession, startWebSession } from '@/lib/auth/web-sessions';
import { createToken } from '../support/tokens';
import { createUser, signIn } from '../support/users';

const onPostgres = !!process.env.DATABASE_URL;

/** What one listener heard, and a way to wait for a notice (never for a time). */
class Heard {
  readonly actions: string[] = [];
  private waiting: { action: string; resolve: () => void }[] = [];

  hear = (action: string) => {
    this.actions.push(action);
    this.waiting = this.waiting.filter((w) => (w.action === action ? (w.resolve(), false) : true));
  };

  /** Resolves once `action` has been heard (at once if it already was). */
  next(action: string): Promise<void> {
    if (this.actions.includes(action)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ action, resolve }));
  }

  clear() {
    this.actions.length = 0;
  }
}

describe.runIf(onPostgres)('revocation across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  const ours = new Heard();
  const theirs = new Heard();
  let listener: RevocationListener;
  let other: postgres.Sql;

  beforeAll(async () => {
    listener = await listenForRevocations(ours.hear);
    other = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    await other.listen(CREDENTIALS_CHANNEL, theirs.hear);
  });

  afterAll(async () => {
    await listener?.stop();
    await other?.end({ timeout: 5 });
  });

  /** Both listeners hear `action` after `change`. */
  async function announced(action: string, change: () => Promise<unknown>) {
    ours.clear();
    theirs.clear();
    await change();
    await Promise.all([ours.next(action), theirs.next(action)]);
  }

  it('announces every change that can end a credential to every listener', async () => {
    const admin = await signIn(await createUser({ admin: true }));
    const user = await createUser();
    const [first, second] = [await createToken(user), await createToken(user)];
    await announced('token.deactivated', () => updateAccessToken(admin, first.hashedToken, { isActive: false }));
    await announced('token.deleted', () => deleteAccessTokens(admin, [second.hashedToken]));
    const principal = await signIn(user);
    await announced('password.changed', () => changeOwnPassword(principal, { currentPassword: user.password, newPassword: 'a-new-password-1' }));
    const session = await startWebSession(await signIn({ name: user.name, password: 'a-new-password-1' }));
    await announced('session.revoked', () => revokeWebSession(admin, user.account.id, session, user.name));
    await announced('account.updated', () => changeAccount(admin, user.name, { isActive: false }));
  });

  it('does not announce failures or sign-ins, which anyone can cause', async () => {
    const admin = await signIn(await createUser({ admin: true }));
    const user = await createUser();
    const { token, hashedToken } = await createToken(user);
    ours.clear();
    theirs.clear();
    const request = { ip: '10.77.0.1', userAgent: 'test' };
    await authenticateSecret({ username: user.name, secret: 'wrong-password' }, request, 'api');
    await authenticateSecret({ username: user.name, secret: user.password }, request, 'web');
    await authenticateSecret({ username: user.name, secret: token }, request, 'api');
    // Notices arrive in commit order: once this one is heard, every earlier one would have been.
    await updateAccessToken(admin, hashedToken, { isActive: false });
    await Promise.all([ours.next('token.deactivated'), theirs.next('token.deactivated')]);
    expect(theirs.actions).toEqual(['token.deactivated']);
  });

  it("empties this instance's caches when another instance ends a credential", async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const request = { ip: '10.77.0.2', userAgent: 'test' };
    expect((await authenticateSecret({ username: user.name, secret: token }, request, 'api')).ok).toBe(true);
    expect(rememberedCredentials()).toBeGreaterThan(0);
    // Another instance deactivates it: its own transaction and notice, nothing recorded in this process.
    ours.clear();
    await other.begin(async (tx) => {
      await tx`update access_tokens set is_active = false, deactivated_at = now() where owner_id = ${user.account.id}`;
      await tx`select pg_notify(${CREDENTIALS_CHANNEL}, 'token.deactivated')`;
    });
    await ours.next('token.deactivated');
    expect(rememberedCredentials()).toBe(0);
    expect(await authenticateSecret({ username: user.name, secret: token }, request, 'api')).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
