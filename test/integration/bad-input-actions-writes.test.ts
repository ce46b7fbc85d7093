// The bad-input suite, what server actions write (issue 5, item 5): text they accept (emoji,
// right-to-left, SQL and HTML fragments) is stored exactly as sent, and a double delete at once
// deletes once and is recorded once. The world lends its system admin's session; its rows are
// compared before and after.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as orgActions from '@/app/(console)/organizations/actions';
import * as repoActions from '@/app/(console)/repositories/actions';
import * as tokenActions from '@/app/(console)/users/[username]/profile/access-tokens/actions';
import * as userActions from '@/app/(console)/users/actions';
import { db } from '@/db';
import { accessTokens, accounts, auditEvents, repositories, teams } from '@/db/schema';
import { tokenHint } from '@/lib/access-tokens/format';
import { expectRefusal, run, sessionOf, useWorldSignedIn } from '../support/actions';
import { expectUnchanged, HTML_FRAGMENTS, SQL_FRAGMENTS, UNICODE_TEXT } from '../support/bad-input';
import { createOrg, createTeam } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, uniqueName } from '../support/users';

vi.mock('next/headers', () => import('../support/next-request'));
vi.mock('next/cache', () => import('../support/next-request'));

const world = useWorldSignedIn();

// Nothing of the world changes: checked once every test of this file has run.
afterAll(() => expectUnchanged(world));

describe('text the actions accept is stored exactly as sent', () => {
  const texts = [...UNICODE_TEXT, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS];

  it('in full names, team descriptions and repository settings', async () => {
    const user = await createUser({ prefix: 'texts' });
    const org = await createOrg({ admins: [user] });
    const repo = await createRepository(org, uniqueName('repo'));
    await sessionOf(user);
    for (const text of texts) {
      const name = uniqueName('team');
      expect((await run(orgActions.addTeam, { org: org.name, name, description: text })).state).toMatchObject({ ok: true });
      const [row] = await db.select().from(teams).where(eq(teams.name, name));
      expect(row.description).toBe(text);

      const longDescription = `${text}\n\t${text}\r\n`;
      const saved = await run(repoActions.saveRepositorySettings, { namespace: org.name, name: repo.name, shortDescription: text, longDescription, visibility: 'public' });
      expect(saved.state).toMatchObject({ ok: true });
      const [stored] = await db.select().from(repositories).where(eq(repositories.id, repo.id));
      expect(stored).toMatchObject({ shortDescription: text, longDescription });
    }
    await sessionOf(world.admin);
    for (const text of texts) {
      const name = uniqueName('user');
      expect((await run(userActions.createUser, { name, fullName: text, password: 'a-good-password' })).state).toMatchObject({ ok: true });
      const [row] = await db.select().from(accounts).where(eq(accounts.name, name));
      expect(row.fullName).toBe(text);
    }
  });

  it('in token labels, created and renamed', async () => {
    const user = await createUser({ prefix: 'labels' });
    await sessionOf(user);
    for (const text of texts) {
      const created = await run(tokenActions.createToken, { username: user.name, tokenLabel: text });
      expect(created.state).toMatchObject({ ok: true, token: expect.stringMatching(/^brt_/) });
      const token = (created.state as { token: string }).token;
      const [row] = await db.select().from(accessTokens).where(eq(accessTokens.hint, tokenHint(token)));
      expect(row.tokenLabel).toBe(text);
      const renamed = `${text} ✓`;
      expect(await run(tokenActions.updateToken, { username: user.name, hashedToken: row.hashedToken, tokenLabel: renamed, isActive: 'on' })).toEqual({
        redirect: `/users/${user.name}/profile/access-tokens?sort=created&order=desc&saved=${row.hashedToken}`,
      });
      const [after] = await db.select().from(accessTokens).where(eq(accessTokens.id, row.id));
      expect(after).toMatchObject({ tokenLabel: renamed, isActive: true });
    }
  });

  it('renaming comes back to the list it was opened from, on this tab only', async () => {
    const user = await createUser({ prefix: 'back' });
    await sessionOf(user);
    const created = await run(tokenActions.createToken, { username: user.name, tokenLabel: 'ci' });
    const [row] = await db.select().from(accessTokens).where(eq(accessTokens.hint, tokenHint((created.state as { token: string }).token)));
    const rename = (list: string) => run(tokenActions.updateToken, { username: user.name, hashedToken: row.hashedToken, tokenLabel: 'ci 2', list });
    const tab = `/users/${user.name}/profile/access-tokens`;
    expect(await rename(`${tab}?q=c%26i&sort=expires&order=asc&token=${row.hashedToken}`)).toEqual({ redirect: `${tab}?q=c%26i&sort=expires&order=asc&saved=${row.hashedToken}` });
    // Another host or path in the field sent back keeps only the list's own parameters.
    expect(await rename('https://evil.example/elsewhere?sort=lastUsed&next=//evil.example')).toEqual({ redirect: `${tab}?sort=lastUsed&order=desc&saved=${row.hashedToken}` });
    // Too long to be a list's address: refused, and nothing is saved.
    await expectRefusal(tokenActions.updateToken, { username: user.name, hashedToken: row.hashedToken, tokenLabel: 'ci 3', list: `${tab}?q=${'x'.repeat(2000)}` }, 'list');
    const [after] = await db.select().from(accessTokens).where(eq(accessTokens.id, row.id));
    expect(after.tokenLabel).toBe('ci 2');
  });
});

describe('a double delete at once through the actions', () => {
  it('deletes a token once, records it once, and answers both', async () => {
    const user = await createUser({ prefix: 'twice' });
    const doomed = await createToken(user);
    await sessionOf(user);
    const form = { username: user.name, confirm: 'delete', hashedToken: doomed.hashedToken };
    const outcomes = await Promise.all([run(tokenActions.deleteTokens, form), run(tokenActions.deleteTokens, form)]);
    expect(outcomes.map((o) => o.state?.message).sort()).toEqual(['Deleted 0 access tokens.', 'Deleted 1 access token.']);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.target, tokenHint(doomed.token)));
    expect(events.filter((e) => e.action === 'token.deleted')).toHaveLength(1);
  });

  it('removes a team once, answering the second with an error', async () => {
    const org = await createOrg();
    const doomed = await createTeam(org);
    const form = { org: org.name, team: doomed.name };
    const outcomes = await Promise.all([run(orgActions.removeTeam, form), run(orgActions.removeTeam, form)]);
    const states = outcomes.map((o) => o.state ?? {});
    expect(states.filter((s) => s.ok)).toHaveLength(1);
    expect(states.filter((s) => !s.ok).every((s) => s.error?.startsWith('No team'))).toBe(true);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.target, `${org.name}/${doomed.name}`));
    expect(events.filter((e) => e.action === 'team.deleted')).toHaveLength(1);
  });
});
