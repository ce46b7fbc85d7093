// SPEC 10, "Sessions are revocable": a row per sign-in, named by the cookie, checked at every request.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { accessTokens, webSessions } from '@/db/schema';
import { SESSION_COOKIE, decodeSession, encodeSession } from '@/lib/auth/session-cookie';
import { endOtherWebSessions, endWebSession, listWebSessions, principalFromWebSession, revokeWebSession } from '@/lib/auth/web-sessions';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, sessionCookieValue, signIn } from '../support/users';

const REQUEST = { ip: '198.51.100.60', userAgent: 'sessions-test' };
const status = async (value: string) => (await tokenApi.list(undefined, '', { cookie: `${SESSION_COOKIE}=${value}` })).status;
const sessionOf = async (value: string) => (await decodeSession(value))!.sid;

describe('web sessions', () => {
  it('die with sign-out: a copied cookie is worth nothing afterwards', async () => {
    const user = await createUser();
    const cookie = await sessionCookieValue(await signIn(user));
    const copy = cookie;
    expect(await status(cookie)).toBe(200);
    const principal = await principalFromWebSession(await sessionOf(cookie), REQUEST);
    await endWebSession(principal!);
    expect(await status(copy)).toBe(401);
  });

  it('end 12 hours after the sign-in, however often they are used or refreshed', async () => {
    const user = await createUser();
    const cookie = await sessionCookieValue(await signIn(user));
    // Refreshing the cookie (next-auth's session endpoint re-encodes it with a fresh expiry) names the same row.
    const claims = (await decodeSession(cookie))!;
    const refreshed = await encodeSession(claims);
    const [row] = await db.select().from(webSessions).where(eq(webSessions.id, await sessionOf(cookie)));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3_600_000);
    await db.update(webSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(webSessions.id, row.id));
    expect(await status(cookie)).toBe(401);
    expect(await status(refreshed)).toBe(401);
  });

  it('are listed to their user, revoked one by one, or all but the current one', async () => {
    const user = await createUser();
    const here = await principalFromWebSession(await sessionOf(await sessionCookieValue(await signIn(user))), REQUEST);
    const { token } = await createToken(user);
    const elsewhere = [await sessionCookieValue(await signIn(user)), await sessionCookieValue(await signIn({ name: user.name, password: token }))];
    const listed = await listWebSessions(here!, user.account.id);
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(listed.map((s) => s.credential).sort()).toEqual(['password', 'password', `brt_…${token.slice(-4)}`].sort());

    await revokeWebSession(here!, user.account.id, await sessionOf(elsewhere[0]), user.name);
    expect(await status(elsewhere[0])).toBe(401);
    expect(await status(elsewhere[1])).toBe(200);
    expect(await endOtherWebSessions(here!)).toBe(1);
    expect(await status(elsewhere[1])).toBe(401);
    expect(await principalFromWebSession(here!.sessionId!, REQUEST)).not.toBeNull();
  });

  it("are another user's to see and revoke only for a system admin", async () => {
    const user = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    const cookie = await sessionCookieValue(await signIn(user));
    const sid = await sessionOf(cookie);
    await expect(listWebSessions(await signIn(other), user.account.id)).rejects.toMatchObject({ status: 403 });
    await expect(revokeWebSession(await signIn(other), user.account.id, sid, user.name)).rejects.toMatchObject({ status: 403 });
    expect(await status(cookie)).toBe(200);
    await revokeWebSession(await signIn(admin), user.account.id, sid, user.name);
    expect(await status(cookie)).toBe(401);
    // A session id of someone else's, named with the wrong user, is no session.
    const theirs = await sessionOf(await sessionCookieValue(await signIn(other)));
    await expect(revokeWebSession(await signIn(admin), user.account.id, theirs, user.name)).rejects.toMatchObject({ status: 404 });
  });

  it('end when the token they began with is deleted', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const cookie = await sessionCookieValue(await signIn({ name: user.name, password: created.token }));
    expect(await status(cookie)).toBe(200);
    await db.delete(accessTokens).where(eq(accessTokens.hashedToken, created.hashedToken));
    expect(await status(cookie)).toBe(401);
  });
});
