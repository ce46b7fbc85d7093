// Users, inserted through the data layer, and how they sign in.
import { randomBytes } from 'node:crypto';
import type { Account } from '@/db/schema';
import { insertAccount } from '@/lib/accounts/queries';
import { verifyCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/passwords';
import { type Principal } from '@/lib/auth/principal';
import { encodeSession } from '@/lib/auth/session-cookie';
import { startWebSession } from '@/lib/auth/web-sessions';
import { basic } from './http';

/** A name no other test, file or run uses: tests share the PostgreSQL database and run in parallel. */
export function uniqueName(prefix = 'u'): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

export type TestUser = { account: Account; name: string; password: string };

/** A user inserted through the data layer, with a password of its own. */
export async function createUser(opts: { admin?: boolean; active?: boolean; prefix?: string } = {}): Promise<TestUser> {
  const name = uniqueName(opts.prefix ?? (opts.admin ? 'admin' : 'user'));
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const account = await insertAccount({
    name,
    isAdmin: opts.admin ?? false,
    isActive: opts.active ?? true,
    passwordHash: await hashPassword(password),
  });
  return { account, name, password };
}

/** The Authorization header of a user's password. */
export const passwordAuth = (user: Pick<TestUser, 'name' | 'password'>) => basic(user.name, user.password);

/** The principal of a password sign-in, as every credential path produces it. */
export async function signIn(user: Pick<TestUser, 'name' | 'password'>, ip = '127.0.0.1'): Promise<Principal> {
  const result = await verifyCredentials(user.name, user.password, ip);
  if (!result.ok) throw new Error(`sign-in of ${user.name} failed: ${result.reason}`);
  return result.principal;
}

/** The value of a session cookie for a principal: a web session row, as a sign-in makes it. */
export async function sessionCookieValue(principal: Principal): Promise<string> {
  return encodeSession({ sid: await startWebSession(principal), uid: principal.user.id });
}
