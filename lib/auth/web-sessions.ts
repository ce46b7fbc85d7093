// Web sessions (SPEC 10): a row per sign-in, named by the session cookie, checked at every request,
// deleted by sign-out and Revoke, and over 12 hours after the sign-in whatever the cookie says.
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import { tokenPrincipal, usableSince } from '@/lib/auth/credentials';
import { isSystemAdmin, requireUnrestricted, type Principal } from '@/lib/auth/principal';
import * as q from '@/lib/auth/queries';
import { ApiError, notAuthorized } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request';

/** The absolute lifetime of a web session: polling cannot extend it. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Begins a session for a principal that has just proved its credential; answers the row's id. */
export async function startWebSession(principal: Principal): Promise<string> {
  const row = await q.insertSession({
    userId: principal.user.id,
    tokenId: principal.credential.kind === 'token' ? principal.credential.tokenId : null,
    tokenGeneration: principal.credential.kind === 'token' ? principal.credential.generation : 1,
    credentialsVersion: principal.user.credentialsVersion,
    lifetimeMs: SESSION_LIFETIME_MS,
    ip: principal.request.ip,
    userAgent: principal.request.userAgent,
  });
  return row.id;
}

/**
 * The principal of a live session, re-checked against the database: the row exists and has not
 * ended, the user is active with an unchanged password, the token it began with is still usable, and
 * neither was deactivated since the sign-in (deactivation sticks).
 */
export async function principalFromWebSession(sessionId: string, request: RequestInfo): Promise<Principal | null> {
  const row = await q.findLiveSession(sessionId);
  if (!row) return null;
  const { session, user, token } = row;
  const since = session.createdAt.getTime();
  if (!usableSince(user, null, since) || user.credentialsVersion !== session.credentialsVersion) return null;
  if (session.tokenId && (!token || !usableSince(user, token, since, session.tokenGeneration))) return null;
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) await q.touchSession(session.id, request.ip, request.userAgent);
  const principal: Principal = token ? tokenPrincipal(token, user, request, session.tokenGeneration) : { user, credential: { kind: 'password' }, scope: 'admin', request };
  return { ...principal, sessionId: session.id };
}

/** Sign-out: the session's row goes, so a copied cookie dies with it. */
export async function endWebSession(principal: Principal) {
  if (principal.sessionId) await q.deleteSession(principal.sessionId, principal.user.id);
}

/** Whose sessions the principal may see and end: their own, or anyone's for a system admin. */
function sessionOwner(principal: Principal, userId: string) {
  if (userId !== principal.user.id && !isSystemAdmin(principal)) throw notAuthorized("Only an administrator can see another user's sessions");
  if (principal.scope !== 'admin') throw notAuthorized(`A ${principal.scope} token cannot manage sessions`);
  requireUnrestricted(principal, 'sessions');
}

export async function listWebSessions(principal: Principal, userId: string) {
  sessionOwner(principal, userId);
  const rows = await q.listLiveSessions(userId, 100);
  return rows.map(({ session, tokenHint }) => ({ ...session, credential: tokenHint ?? 'password', current: session.id === principal.sessionId }));
}

export async function revokeWebSession(principal: Principal, userId: string, sessionId: string, target: string) {
  sessionOwner(principal, userId);
  const gone = await q.deleteSession(sessionId, userId);
  if (!gone) throw new ApiError('NO_SUCH_SESSION', 404, 'No such session');
  await audit(db, principal, { action: 'session.revoked', targetType: 'user', target, details: { sessionId } });
}

/** "Sign out everywhere else": every session of the principal's own but this one. */
export async function endOtherWebSessions(principal: Principal) {
  const ended = await q.deleteOtherSessions(principal.user.id, principal.sessionId);
  await audit(db, principal, { action: 'session.revoked', targetType: 'user', target: principal.user.name, details: { others: ended } });
  return ended;
}

/** Removes ended sessions in batches (the maintenance loop): nothing is lost by removing them. */
export async function pruneEndedSessions(batch = 1000): Promise<number> {
  let total = 0;
  for (let gone = batch; gone === batch; total += gone) gone = await q.pruneSessions(batch);
  return total;
}
