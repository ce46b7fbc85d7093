import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import type { SessionClaims } from '@/lib/auth/principal';
import { getAuthSecret } from '@/lib/auth/secrets';

export const SESSION_MAX_AGE = 12 * 60 * 60;
export const SESSION_COOKIE = 'next-auth.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-next-auth.session-token';

// `at` is missing from sessions begun before it existed: they count as begun long ago.
const claimsSchema = z.object({ uid: z.uuid(), cred: z.string().min(1), cv: z.number().int(), at: z.number().default(0) });

/** next-auth's own JWT session format, so the cookie is the one next-auth reads and writes. */
export async function encodeSession(claims: SessionClaims): Promise<string> {
  return encode({ token: { sub: claims.uid, ...claims }, secret: await getAuthSecret(), maxAge: SESSION_MAX_AGE });
}

export async function decodeSession(value: string | undefined): Promise<SessionClaims | null> {
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: await getAuthSecret() });
    const parsed = claimsSchema.safeParse(token);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function sessionCookieName(secure: boolean) {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
