// The bad-input suite, signing in and changing a password through the server actions (issue 5,
// item 5): usernames, passwords and `next` addresses that are not, answered with field errors or an
// error, never an exception, never a password echoed, never a redirect off this site. The world
// lends its system admin's session; its rows are compared before and after.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '@/app/(auth)/login/actions';
import { changePassword } from '@/app/(console)/users/[username]/profile/actions';
import { db } from '@/db';
import { accounts } from '@/db/schema';
import { expectRefusal, run, sessionOf, useWorldSignedIn, type Action, type Fields } from '../support/actions';
import { expectUnchanged, HTML_FRAGMENTS, LONG_TEXT, SQL_FRAGMENTS, TRAVERSAL } from '../support/bad-input';
import { request } from '../support/next-request';
import { createUser } from '../support/users';

vi.mock('next/headers', () => import('../support/next-request'));
vi.mock('next/cache', () => import('../support/next-request'));

const world = useWorldSignedIn();

// Nothing of the world changes: checked once every test of this file has run.
afterAll(() => expectUnchanged(world));

describe('signIn', () => {
  it('answers field errors or an error to usernames and passwords that are not', async () => {
    for (const fields of [
      {},
      { username: '', password: 'x' },
      { username: 'x', password: '' },
      { username: LONG_TEXT, password: 'x' },
      { username: 'x', password: LONG_TEXT },
      { username: new Blob(['x']), password: 'x' },
      { username: 'x', password: new Blob(['x']) },
    ] as Fields[]) {
      await expectRefusal(signIn as Action, fields);
    }
    for (const username of [...SQL_FRAGMENTS, ...HTML_FRAGMENTS, ...TRAVERSAL.filter((t) => t.trim()), 'n\u0000ul', '🚢']) {
      const state = await expectRefusal(signIn as Action, { username, password: "' or 1=1 --" });
      expect(state.error).toMatch(/^Incorrect username, password or access token\./);
      // None of these is an account name: it may be a secret in the wrong field, so it is not sent back
      // (SPEC 10); the password is never echoed.
      expect(state.values).toEqual({});
    }
  });

  it('signs in and goes only to a path of this site, however `next` is spelled', async () => {
    const user = await createUser({ prefix: 'next' });
    const go = async (next: string | undefined) => {
      request.session = undefined;
      const outcome = await run(signIn as Action, { username: user.name, password: user.password, next });
      expect(request.session).toBeDefined();
      return outcome.redirect;
    };
    expect(await go('/repositories/x/y?tab=settings')).toBe('/repositories/x/y?tab=settings');
    expect(await go(undefined)).toBe('/repositories');
    for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\/evil.example', 'https://evil.example/', 'javascript:alert(1)', ' //evil.example', '/%09/evil.example', '//exa mple', '/\\\\evil.example', '']) {
      const location = await go(next);
      const base = 'http://berth.invalid';
      expect(new URL(location ?? '', base).origin, `${JSON.stringify(next)} went to ${location}`).toBe(base);
      expect(location).not.toMatch(/^[^/]|^\/\/|^\/\\|[\t\n\r]/);
    }
  });
});

describe('changePassword', () => {
  it('answers field errors to passwords that are not, and changes nothing', async () => {
    const user = await createUser({ prefix: 'pw' });
    await sessionOf(user);
    const [{ passwordHash }] = await db.select().from(accounts).where(eq(accounts.id, user.account.id));
    for (const [fields, field] of [
      [{ currentPassword: user.password, newPassword: 'short', confirmPassword: 'short' }, 'newPassword'],
      [{ currentPassword: user.password, newPassword: LONG_TEXT, confirmPassword: LONG_TEXT }, 'newPassword'],
      [{ currentPassword: user.password, newPassword: 'a-good-password', confirmPassword: 'another-password' }, 'confirmPassword'],
      [{ currentPassword: LONG_TEXT, newPassword: 'a-good-password', confirmPassword: 'a-good-password' }, 'currentPassword'],
      [{ currentPassword: "' or 1=1 --", newPassword: 'a-good-password', confirmPassword: 'a-good-password' }, 'currentPassword'],
      [{ currentPassword: user.password, newPassword: new Blob(['a-good-password']), confirmPassword: 'a-good-password' }, 'newPassword'],
      [{ currentPassword: user.password }, 'newPassword'],
    ] as [Fields, string][]) {
      const state = await expectRefusal(changePassword as Action, fields, field);
      expect(JSON.stringify(state)).not.toContain(user.password);
    }
    const [after] = await db.select().from(accounts).where(eq(accounts.id, user.account.id));
    expect(after.passwordHash).toBe(passwordHash);
  });
});
