// Access tokens for test users: through the lifecycle as a user makes them, or written straight
// into the table for states the API refuses to create.
import { createAccessToken } from '@/lib/access-tokens/lifecycle';
import { generateToken, hashToken, tokenHint, type TokenScope } from '@/lib/access-tokens/format';
import { insertToken } from '@/lib/access-tokens/queries';
import { verifyCredentials } from '@/lib/auth/credentials';
import { type Principal } from '@/lib/auth/principal';
import { findTokenByHash } from '@/lib/auth/queries';
import { signIn, type TestUser } from './users';

/** A token for `user`, made by `by` (the user themself unless an admin makes it for them). */
export async function createToken(
  user: TestUser,
  opts: { by?: TestUser; scope?: TokenScope; tokenLabel?: string; expiresAt?: Date; temporary?: boolean } = {},
) {
  const creator = await signIn(opts.by ?? user);
  return createAccessToken(creator, {
    tokenLabel: opts.tokenLabel ?? 'test',
    scope: opts.scope ?? 'admin',
    expiresAt: opts.expiresAt,
    temporary: opts.temporary,
    username: user.name,
    userAgent: 'vitest',
  });
}

/** The principal of a sign-in with an access token. */
export async function tokenSignIn(user: Pick<TestUser, 'name'>, token: string, ip: string): Promise<Principal> {
  const result = await verifyCredentials(user.name, token, ip);
  if (!result.ok) throw new Error('token sign-in refused');
  return result.principal;
}

/** A token-shaped secret whose checksum does not match. */
export function corrupt(token: string): string {
  const i = 10;
  return token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
}

/** A token written straight through the queries layer, for states the API refuses to create. */
export async function insertTokenRow(
  owner: TestUser,
  values: { expiresAt?: Date | null; generatedBy?: string; createdAt?: Date; lastUsed?: Date; isActive?: boolean; tokenLabel?: string } = {},
) {
  const token = generateToken();
  await insertToken({
    hashedToken: hashToken(token),
    ownerId: owner.account.id,
    hint: tokenHint(token),
    generatedBy: values.generatedBy ?? owner.name,
    expiresAt: values.expiresAt ?? null,
    createdAt: values.createdAt,
    lastUsed: values.lastUsed,
    isActive: values.isActive,
    tokenLabel: values.tokenLabel,
  });
  return token;
}

/** The stored row of a token, as the database has it now. */
export async function storedToken(token: string) {
  const row = await findTokenByHash(hashToken(token));
  if (!row) throw new Error('token not found');
  return row.token;
}
