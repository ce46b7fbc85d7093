// The session guard of pages and server actions (STYLE: guard first).
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { type Principal } from '@/lib/auth/principal';
import { decodeSession, encodeSession, SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE, sessionCookieName } from '@/lib/auth/session-cookie';
import { endWebSession, principalFromWebSession, startWebSession } from '@/lib/auth/web-sessions';
import { clientIp, isHttps, userAgent } from '@/lib/request';

/** The signed-in principal, re-checked against the database; null when there is none. */
export async function currentPrincipal(): Promise<Principal | null> {
  const jar = await cookies();
  const claims = await decodeSession(jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value);
  if (!claims) return null;
  const h = await headers();
  return principalFromWebSession(claims.sid, { ip: clientIp(h), userAgent: userAgent(h) });
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

/** Begins a web session: a row, and the cookie that names it. */
export async function startSession(principal: Principal) {
  const sid = await startWebSession(principal);
  const secure = isHttps(await headers());
  const jar = await cookies();
  jar.set(sessionCookieName(secure), await encodeSession({ sid, uid: principal.user.id }), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_MAX_AGE,
  });
}

/** Sign-out: the session's row goes first, so the cookie is worth nothing anywhere, then the cookie. */
export async function endSession() {
  const principal = await currentPrincipal();
  if (principal) await endWebSession(principal);
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete(SECURE_SESSION_COOKIE);
}
