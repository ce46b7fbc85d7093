import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import { getAuthSecret } from '@/lib/auth/secrets';

export const SESSION_MAX_AGE = 12 * 60 * 60;
export const SESSION_COOKIE = 'next-auth.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-next-auth.session-token';

/** What the cookie holds: the id of its web_sessions row (SPEC 10), and the user for next-auth. */
export type CookieClaims = { sid: string; uid: string };

const claimsSchema = z.object({ sid: z.uuid(), uid: z.uuid() });

/** next-auth's own JWT session format, so the cookie is the one next-auth reads and writes. */
export async function encodeSession(claims: CookieClaims): Promise<string> {
  return encode({ token: { sub: claims.uid, ...claims }, secret: await getAuthSecret(), maxAge: SESSION_MAX_AGE });
}

/** The claims of a cookie of ours, or null (a cookie from before sessions had rows counts as none). */
export async function decodeSession(value: string | undefined): Promise<CookieClaims | null> {
  if (!value) return null;
  // Outside the try: a database that cannot be reached for the secret is a fault (503), not a signed-out user.
  const secret = await getAuthSecret();
  try {
    const token = await decode({ token: value, secret });
    const parsed = claimsSchema.safeParse(token);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function sessionCookieName(secure: boolean) {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
