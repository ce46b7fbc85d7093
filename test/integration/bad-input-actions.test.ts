// The bad-input suite, server actions (issue 5, item 5). An exported server action is a public POST
// endpoint: each is called here as Next calls it, with a FormData, in a request whose cookies and
// headers come from the mock below (next/headers only works inside a Next request). Bad input gets
// form state with an error, never an exception (a 500); accepted text is stored exactly as sent.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '@/app/(auth)/login/actions';
import * as orgActions from '@/app/(console)/organizations/actions';
import * as repoActions from '@/app/(console)/repositories/actions';
import * as tokenActions from '@/app/(console)/users/[username]/profile/access-tokens/actions';
import { changePassword } from '@/app/(console)/users/[username]/profile/actions';
import * as userActions from '@/app/(console)/users/actions';
import { db } from '@/db';
import { accessTokens, accounts, auditEvents, repositories, teams } from '@/db/schema';
import type { FormState } from '@/lib/api/form-action';
import { tokenHint } from '@/lib/access-tokens/format';
import { CONTROL_TEXT, expectUnchanged, HTML_FRAGMENTS, LONG_TEXT, SQL_FRAGMENTS, TRAVERSAL, UNICODE_TEXT, useWorld } from '../support/bad-input';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, sessionCookieValue, signIn as principalOf, uniqueName, type TestUser } from '../support/users';

// The request an action runs in: its session cookie and headers.
const request = vi.hoisted(() => ({ session: undefined as string | undefined, headers: new Headers() }));

vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (request.session && name === 'next-auth.session-token' ? { name, value: request.session } : undefined),
    getAll: () => [],
    set: (_name: string, value: string) => {
      request.session = value;
    },
    delete: () => {
      request.session = undefined;
    },
  }),
  headers: async () => request.headers,
}));
// Outside a request there is no cache to revalidate.
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

type Action = (prev: never, formData: FormData) => Promise<FormState>;
type Fields = Record<string, string | string[] | Blob | undefined>;
/** What an action did: the form state it answered, or where it redirected. */
type Outcome = { state?: FormState; redirect?: string };

function formData(fields: Fields): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
}

/** Runs an action; a redirect is an answer, anything else thrown is the 500 this suite is about. */
async function run(action: Action, fields: Fields): Promise<Outcome> {
  try {
    return { state: await action(undefined as never, formData(fields)) };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';').slice(2, -2).join(';') };
    throw error;
  }
}

/** Refused: form state that names the field (or says what went wrong), nothing thrown, no redirect. */
async function expectRefusal(action: Action, fields: Fields, field?: string) {
  const outcome = await run(action, fields);
  expect(outcome.redirect, JSON.stringify(fields).slice(0, 200)).toBeUndefined();
  const state = outcome.state ?? {};
  expect(state.ok, JSON.stringify(state)).toBeFalsy();
  if (field) expect(state.fieldErrors?.[field], `${field} in ${JSON.stringify(state).slice(0, 300)}`).toBeDefined();
  else expect(state.error ?? state.fieldErrors).toBeDefined();
  return state;
}

async function sessionOf(user: Pick<TestUser, 'name' | 'password'>) {
  request.session = await sessionCookieValue(await principalOf(user));
}

const world = useWorld();

beforeEach(async () => {
  request.headers = new Headers({ 'user-agent': 'vitest' });
  await sessionOf(world.admin);
});

type Kind = 'name' | 'repo' | 'text' | 'enum' | 'checkbox' | 'hash';

/** An action, a form it would accept aimed at the world, and the kinds of its fields. */
type ActionCase = { label: string; action: Action; valid: () => Fields; fields: Record<string, Kind> };

const actions: ActionCase[] = [
  {
    label: 'createOrganization',
    action: orgActions.createOrganization,
    valid: () => ({ name: uniqueName('org'), fullName: 'Org' }),
    fields: { name: 'name', fullName: 'text' },
  },
  {
    label: 'addOrgMember',
    action: orgActions.addOrgMember,
    valid: () => ({ org: world.org.name, username: world.member.name, isAdmin: 'on' }),
    fields: { org: 'name', username: 'name', isAdmin: 'checkbox' },
  },
  {
    label: 'changeOrgMember',
    action: orgActions.changeOrgMember,
    valid: () => ({ org: world.org.name, username: world.member.name, change: 'remove' }),
    fields: { org: 'name', username: 'name', change: 'enum' },
  },
  {
    label: 'addTeam',
    action: orgActions.addTeam,
    valid: () => ({ org: world.org.name, name: uniqueName('team'), description: 'd' }),
    fields: { org: 'name', name: 'name', description: 'text' },
  },
  {
    label: 'removeTeam',
    action: orgActions.removeTeam,
    valid: () => ({ org: world.org.name, team: world.team.name }),
    fields: { org: 'name', team: 'name' },
  },
  {
    label: 'addMemberToTeam',
    action: orgActions.addMemberToTeam,
    valid: () => ({ org: world.org.name, team: world.team.name, username: world.owner.name }),
    fields: { org: 'name', team: 'name', username: 'name' },
  },
  {
    label: 'removeMemberFromTeam',
    action: orgActions.removeMemberFromTeam,
    valid: () => ({ org: world.org.name, team: world.team.name, username: world.member.name }),
    fields: { org: 'name', team: 'name', username: 'name' },
  },
  {
    label: 'newRepository',
    action: repoActions.newRepository,
    valid: () => ({ namespace: world.org.name, name: uniqueName('repo'), visibility: 'private' }),
    fields: { namespace: 'name', name: 'repo', visibility: 'enum' },
  },
  {
    label: 'saveRepositorySettings',
    action: repoActions.saveRepositorySettings,
    valid: () => ({ namespace: world.org.name, name: world.orgRepo.name, shortDescription: 's', longDescription: 'l', visibility: 'private' }),
    fields: { namespace: 'name', name: 'repo', shortDescription: 'text', longDescription: 'text', visibility: 'enum' },
  },
  {
    label: 'grantTeam',
    action: repoActions.grantTeam,
    valid: () => ({ namespace: world.org.name, name: world.orgRepo.name, team: world.team.name, accessLevel: 'admin' }),
    fields: { namespace: 'name', name: 'repo', team: 'name', accessLevel: 'enum' },
  },
  {
    label: 'revokeTeam',
    action: repoActions.revokeTeam,
    valid: () => ({ namespace: world.org.name, name: world.orgRepo.name, team: world.team.name }),
    fields: { namespace: 'name', name: 'repo', team: 'name' },
  },
  {
    label: 'createToken',
    action: tokenActions.createToken,
    valid: () => ({ username: world.owner.name, tokenLabel: 'ok', expires: 'never', scope: 'read-only' }),
    fields: { username: 'name', tokenLabel: 'text', expires: 'enum', scope: 'enum' },
  },
  {
    label: 'updateToken',
    action: tokenActions.updateToken,
    valid: () => ({ username: world.owner.name, hashedToken: world.target.hashedToken, tokenLabel: 'renamed' }),
    fields: { username: 'name', hashedToken: 'hash', tokenLabel: 'text', isActive: 'checkbox' },
  },
  {
    label: 'deleteTokens',
    action: tokenActions.deleteTokens,
    valid: () => ({ username: world.owner.name, confirm: 'delete', hashedToken: world.target.hashedToken }),
    fields: { username: 'name', confirm: 'enum' },
  },
  {
    label: 'createUser',
    action: userActions.createUser,
    valid: () => ({ name: uniqueName('user'), fullName: 'F', password: 'a-good-password' }),
    fields: { name: 'name', fullName: 'text', isAdmin: 'checkbox' },
  },
  {
    label: 'changeUser',
    action: userActions.changeUser,
    valid: () => ({ name: world.owner.name, change: 'deactivate' }),
    fields: { name: 'name', change: 'enum' },
  },
];

function badValues(kind: Kind): (string | Blob)[] {
  const blob = new Blob(['a file, not text'], { type: 'text/plain' });
  switch (kind) {
    case 'name':
      return [blob, '', 'a', 'UPPER', '-x', 'a b', ...TRAVERSAL, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS, LONG_TEXT, '🚢', 'n\u0000ul'];
    case 'repo':
      return [blob, '', 'UPPER', '-x', 'a b', ...TRAVERSAL, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS, LONG_TEXT, '🚢'];
    case 'text':
      // FormData holds USV strings: an unpaired surrogate arrives as U+FFFD, which is text.
      return [blob, LONG_TEXT.repeat(11), ...CONTROL_TEXT.filter((t) => !/[\ud800-\udfff]/u.test(t))];
    case 'enum':
      return [blob, '', 'DELETE', 'everything', ' admin', 'admin\u0000', LONG_TEXT];
    case 'checkbox':
      return [blob, 'off', 'true', '1', 'ON', ''];
    case 'hash':
      return [blob, '', '../x', 'a'.repeat(63), 'A'.repeat(64), `${'a'.repeat(63)}\u0000`, LONG_TEXT];
  }
}

describe.each(actions)('$label', ({ action, valid, fields }) => {
  it('answers field errors, never an exception, to values of the wrong kind in every field', async () => {
    for (const [field, kind] of Object.entries(fields)) {
      // The long description takes 100,000 characters; the longest bad value is longer.
      for (const value of badValues(kind)) await expectRefusal(action, { ...valid(), [field]: value }, field);
    }
  });

  it('answers field errors to missing fields and to fields sent twice', async () => {
    for (const field of Object.keys(fields).filter((f) => !['isAdmin', 'isActive', 'fullName', 'description'].includes(f))) {
      const form = { ...valid() };
      delete form[field];
      if (['visibility', 'expires', 'scope'].includes(field)) continue; // these have defaults
      await expectRefusal(action, form, field);
    }
    // The last of repeated values counts, as with any form: a bad one last is refused.
    const [first] = Object.keys(fields);
    const good = valid()[first];
    if (typeof good === 'string') await expectRefusal(action, { ...valid(), [first]: [good, '../x'] }, first);
  });

  it('sends a caller without a session to the sign-in page, even with a valid form', async () => {
    request.session = undefined;
    expect(await run(action, valid())).toEqual({ redirect: '/login' });
    request.session = 'not-a-session';
    expect(await run(action, valid())).toEqual({ redirect: '/login' });
  });
});

describe('actions with valid forms that name nothing', () => {
  it('answer an error, never an exception', async () => {
    const ghost = uniqueName('ghost');
    const cases: [Action, Fields][] = [
      [orgActions.addOrgMember, { org: ghost, username: world.member.name }],
      [orgActions.addOrgMember, { org: world.org.name, username: ghost }],
      [orgActions.changeOrgMember, { org: world.owner.name, username: world.member.name, change: 'remove' }],
      [orgActions.addTeam, { org: ghost, name: 'team' }],
      [orgActions.removeTeam, { org: world.org.name, team: ghost }],
      [orgActions.addMemberToTeam, { org: world.org.name, team: ghost, username: world.owner.name }],
      [orgActions.removeMemberFromTeam, { org: world.org.name, team: world.team.name, username: ghost }],
      [repoActions.newRepository, { namespace: ghost, name: 'x' }],
      [repoActions.newRepository, { namespace: world.org.name, name: world.orgRepo.name }],
      [repoActions.saveRepositorySettings, { namespace: world.org.name, name: ghost, shortDescription: '', longDescription: '', visibility: 'public' }],
      [repoActions.grantTeam, { namespace: world.org.name, name: world.orgRepo.name, team: ghost, accessLevel: 'admin' }],
      [repoActions.grantTeam, { namespace: world.owner.name, name: world.userRepo.name, team: world.team.name, accessLevel: 'admin' }],
      [repoActions.revokeTeam, { namespace: ghost, name: 'x', team: world.team.name }],
      [tokenActions.createToken, { username: ghost, tokenLabel: 'x' }],
      [tokenActions.createToken, { username: world.org.name, tokenLabel: 'x' }],
      [tokenActions.createToken, { username: world.owner.name, tokenLabel: 'x', expires: 'date', expiresOn: '2000-01-01' }],
      [tokenActions.createToken, { username: world.owner.name, tokenLabel: 'x', expires: 'date', expiresOn: '../x' }],
      [tokenActions.updateToken, { username: world.owner.name, hashedToken: 'f'.repeat(64), tokenLabel: 'x' }],
      [userActions.createUser, { name: world.owner.name, password: 'a-good-password' }],
      [userActions.changeUser, { name: ghost, change: 'activate' }],
      [userActions.changeUser, { name: world.admin.name, change: 'remove-admin' }],
    ];
    for (const [action, fields] of cases) await expectRefusal(action, fields);
  });

  it('deleteTokens: ids that are not ids, or too many, delete nothing', async () => {
    for (const hashedToken of [undefined, '', '../x', world.target.token, ['a'.repeat(64), '../'], Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(64, '0'))]) {
      const state = await expectRefusal(tokenActions.deleteTokens, { username: world.owner.name, confirm: 'delete', hashedToken });
      expect(state.error).toBe('Select the tokens to delete.');
    }
  });

  it('refuse a caller who may not, with an error', async () => {
    await sessionOf(world.member);
    for (const [action, fields] of [
      [userActions.createUser, { name: uniqueName('u'), password: 'a-good-password' }],
      [userActions.changeUser, { name: world.owner.name, change: 'make-admin' }],
      [orgActions.createOrganization, { name: uniqueName('o') }],
      [orgActions.removeTeam, { org: world.org.name, team: world.team.name }],
      [repoActions.saveRepositorySettings, { namespace: world.org.name, name: world.orgRepo.name, shortDescription: 'x', longDescription: '', visibility: 'private' }],
      [tokenActions.createToken, { username: world.owner.name, tokenLabel: 'x' }],
    ] as [Action, Fields][]) {
      await expectRefusal(action, fields);
    }
    // Another user's token, by its id, is as good as absent: deleting it deletes nothing.
    const outcome = await run(tokenActions.deleteTokens, { username: world.member.name, confirm: 'delete', hashedToken: world.target.hashedToken });
    expect(outcome.state).toMatchObject({ ok: true, message: 'Deleted 0 access tokens.' });
  });
});

describe('text the actions accept is stored exactly as sent', () => {
  const texts = [...UNICODE_TEXT, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS];

  it('in full names, team descriptions and repository settings', async () => {
    const org = await createOrg();
    const user = await createUser({ prefix: 'texts' });
    await joinOrg(org, user, { admin: true });
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
        redirect: `/users/${user.name}/profile/access-tokens`,
      });
      const [after] = await db.select().from(accessTokens).where(eq(accessTokens.id, row.id));
      expect(after).toMatchObject({ tokenLabel: renamed, isActive: true });
    }
  });
});

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
      expect(state.error).toBe('Incorrect username, password or access token.');
      expect(state.values).toEqual({ username: username.trim() }); // the password is never echoed
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

describe('the database after the bad actions', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
