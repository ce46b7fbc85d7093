import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { principalFromSession, sessionClaims } from '@/lib/auth/credentials';
import { type Principal } from '@/lib/auth/principal';
import { clientIp, isHttps, userAgent } from '@/lib/request';
import { decodeSession, encodeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE, sessionCookieName } from '@/lib/auth/session-cookie';

/** The signed-in principal, re-checked against the database; null when there is none. */
export async function currentPrincipal(): Promise<Principal | null> {
  const jar = await cookies();
  const claims = await decodeSession(jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value);
  if (!claims) return null;
  const h = await headers();
  return principalFromSession(claims, { ip: clientIp(h), userAgent: userAgent(h) });
}

/** Guards every signed-in page and server action: no valid session, back to /login. */
export async function requireUser(): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect('/login');
  return principal;
}

export async function requireAdmin(): Promise<Principal> {
  const principal = await requireUser();
  if (!principal.user.isAdmin || principal.scope !== 'admin') redirect('/repositories');
  return principal;
}

export async function startSession(principal: Principal) {
  const secure = isHttps(await headers());
  const jar = await cookies();
  jar.set(sessionCookieName(secure), await encodeSession(sessionClaims(principal)), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_MAX_AGE,
  });
}

export async function endSession() {
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete(SECURE_SESSION_COOKIE);
}
