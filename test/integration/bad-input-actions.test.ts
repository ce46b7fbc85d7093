// The bad-input suite, server actions (issue 5, item 5). An exported server action is a public POST
// endpoint: each is called here as Next calls it, with a FormData, in a request whose cookies and
// headers come from test/support/next-request.ts (next/headers only works inside a Next request).
// Bad input in every field of every action gets form state with an error, never an exception (a 500).
import { describe, expect, it, vi } from 'vitest';
import * as orgActions from '@/app/(console)/organizations/actions';
import * as repoActions from '@/app/(console)/repositories/actions';
import * as tokenActions from '@/app/(console)/users/[username]/profile/access-tokens/actions';
import * as userActions from '@/app/(console)/users/actions';
import { expectRefusal, run, sessionOf, useWorldSignedIn, type Action, type Fields } from '../support/actions';
import { CONTROL_TEXT, expectUnchanged, HTML_FRAGMENTS, LONG_TEXT, SQL_FRAGMENTS, TRAVERSAL } from '../support/bad-input';
import { request } from '../support/next-request';
import { uniqueName } from '../support/users';

vi.mock('next/headers', () => import('../support/next-request'));
vi.mock('next/cache', () => import('../support/next-request'));

const world = useWorldSignedIn();

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

describe('the database after the bad actions', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
