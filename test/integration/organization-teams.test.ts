import { describe, expect, it } from 'vitest';
import {
  enzi,
  memberNames,
  orgWithAdmin,
  TEAM_KEYS,
  teamMemberNames,
  teamNames,
  type AccountJson,
  type MemberJson,
  type MemberList,
  type TeamJson,
  type TeamList,
} from '../support/accounts-api';
import { expectError, expectJson, expectNoContent } from '../support/http';
import { createOrg } from '../support/orgs';
import { createUser, passwordAuth } from '../support/users';

describe('teams', () => {
  it('are created, read, renamed, described and deleted by org admins, in MSR’s shape', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const orgId = (await expectJson<AccountJson>(await enzi.getAccount(passwordAuth(orgAdmin), org))).id;

    const created = await expectJson<TeamJson>(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'builders', description: 'CI and releases' }), 201);
    expect(Object.keys(created).sort()).toEqual(TEAM_KEYS);
    expect(created).toEqual({ id: expect.any(String), orgID: orgId, name: 'builders', description: 'CI and releases', membersCount: 0 });
    expect(await expectJson(await enzi.getTeam(passwordAuth(orgAdmin), org, 'builders'))).toEqual(created);

    await expectJson<MemberJson>(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'builders', member.name));
    expect(await expectJson(await enzi.getTeam(passwordAuth(member), org, 'builders'))).toMatchObject({ membersCount: 1 });
    expect(await expectJson(await enzi.getAccount(passwordAuth(member), org))).toMatchObject({ membersCount: 2, teamsCount: 1 });

    const described = await expectJson<TeamJson>(await enzi.patchTeam(passwordAuth(orgAdmin), org, 'builders', { description: 'Releases only' }));
    expect(described).toEqual({ ...created, description: 'Releases only', membersCount: 1 });

    // Renaming keeps the description, the members and the id.
    const renamed = await expectJson<TeamJson>(await enzi.patchTeam(passwordAuth(orgAdmin), org, 'builders', { name: 'releasers' }));
    expect(renamed).toEqual({ ...created, name: 'releasers', description: 'Releases only', membersCount: 1 });
    expect(await expectJson(await enzi.getTeam(passwordAuth(orgAdmin), org, 'releasers'))).toEqual(renamed);
    await expectError(await enzi.getTeam(passwordAuth(orgAdmin), org, 'builders'), 404, 'NO_SUCH_TEAM');
    expect(await teamMemberNames(passwordAuth(orgAdmin), org, 'releasers')).toEqual([member.name]);

    // An empty patch changes nothing.
    expect(await expectJson(await enzi.patchTeam(passwordAuth(orgAdmin), org, 'releasers', {}))).toEqual(renamed);
    expect(await expectJson(await enzi.getTeam(passwordAuth(orgAdmin), org, 'releasers'))).toEqual(renamed);

    await expectNoContent(await enzi.deleteTeam(passwordAuth(orgAdmin), org, 'releasers'));
    await expectError(await enzi.getTeam(passwordAuth(orgAdmin), org, 'releasers'), 404, 'NO_SUCH_TEAM');
    expect(await teamNames(passwordAuth(orgAdmin), org)).toEqual([]);
    expect(await expectJson(await enzi.getAccount(passwordAuth(orgAdmin), org))).toMatchObject({ teamsCount: 0 });
  });

  it('page by name with limit and start', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const names = ['t-a', 't-b', 't-c', 't-d', 't-e'];
    for (const name of [...names].reverse()) await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name }), 201);
    const pages: TeamList[] = [];
    let start = '';
    do {
      pages.push(await expectJson<TeamList>(await enzi.teams(passwordAuth(orgAdmin), org, `?limit=2${start ? `&start=${start}` : ''}`)));
      start = pages[pages.length - 1].nextPageStart;
    } while (start && pages.length < 10);
    expect(pages.map((p) => p.teams.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.teams.map((t) => t.name))).toEqual(names);
    expect(pages.flatMap((p) => p.teams).every((t) => Object.keys(t).sort().join() === TEAM_KEYS.join())).toBe(true);
    await expectError(await enzi.teams(passwordAuth(orgAdmin), org, '?limit=0'), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.teams(passwordAuth(orgAdmin), org, '?start=%25%25'), 400, 'INVALID_PARAMETERS');
  });

  it('refuse duplicate and malformed names and bodies, and change nothing', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'alpha', description: 'first' }), 201);
    await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'beta' }), 201);
    const bad: unknown[] = [
      { name: 'alpha' },
      { name: 'Upper' },
      { name: 'a/b' },
      { name: 'x'.repeat(300) },
      { name: 'x' },
      { name: 'gamma', description: 'd'.repeat(141) },
      { name: 'gamma', isAdmin: true },
      {},
    ];
    for (const body of bad) await expectError(await enzi.createTeam(passwordAuth(orgAdmin), org, body), 400, 'INVALID_PARAMETERS');
    for (const body of [{ name: 'beta' }, { name: 'Beta' }, { name: 'x'.repeat(300) }, { description: 'd'.repeat(141) }, { orgID: 'x' }]) {
      await expectError(await enzi.patchTeam(passwordAuth(orgAdmin), org, 'alpha', body), 400, 'INVALID_PARAMETERS');
    }
    expect(await teamNames(passwordAuth(orgAdmin), org)).toEqual(['alpha', 'beta']);
    expect(await expectJson(await enzi.getTeam(passwordAuth(orgAdmin), org, 'alpha'))).toMatchObject({ name: 'alpha', description: 'first' });
  });

  it('cannot be changed by a plain member', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const other = await createUser();
    await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'core' }), 201);
    await expectJson(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'core', member.name));

    // Members read the org's teams and their members…
    expect(await teamNames(passwordAuth(member), org)).toEqual(['core']);
    expect(await teamMemberNames(passwordAuth(member), org, 'core')).toEqual([member.name]);
    // …and change none of it.
    await expectError(await enzi.createTeam(passwordAuth(member), org, { name: 'mine' }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchTeam(passwordAuth(member), org, 'core', { description: 'taken over' }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.deleteTeam(passwordAuth(member), org, 'core'), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.putTeamMember(passwordAuth(member), org, 'core', other.name), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.deleteTeamMember(passwordAuth(member), org, 'core', member.name), 403, 'NOT_AUTHORIZED');

    expect(await teamNames(passwordAuth(orgAdmin), org)).toEqual(['core']);
    expect(await expectJson(await enzi.getTeam(passwordAuth(orgAdmin), org, 'core'))).toMatchObject({ description: '', membersCount: 1 });
    expect(await teamMemberNames(passwordAuth(orgAdmin), org, 'core')).toEqual([member.name]);
  });

  it('take members who become members of the organization; NO_SUCH_TEAM and NO_SUCH_USER otherwise', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const otherOrg = await createOrg();
    await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'ops' }), 201);

    const added = await expectJson<MemberJson>(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'ops', user.name));
    expect(added).toMatchObject({ member: { name: user.name }, isAdmin: false });
    expect(await memberNames(passwordAuth(orgAdmin), org)).toContain(user.name);
    const listed = await expectJson<MemberList>(await enzi.teamMembers(passwordAuth(user), org, 'ops'));
    expect(listed).toEqual({ members: [{ member: expect.objectContaining({ name: user.name }), isAdmin: false }], nextPageStart: '' });

    // Adding twice is harmless.
    await expectJson(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'ops', user.name));
    expect(await teamMemberNames(passwordAuth(orgAdmin), org, 'ops')).toEqual([user.name]);

    await expectError(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'nope', user.name), 404, 'NO_SUCH_TEAM');
    await expectError(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'Ops', user.name), 404, 'NO_SUCH_TEAM');
    await expectError(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'ops', `${user.name}-nope`), 404, 'NO_SUCH_USER');
    await expectError(await enzi.putTeamMember(passwordAuth(orgAdmin), org, 'ops', otherOrg.name), 404, 'NO_SUCH_USER');
    await expectError(await enzi.teamMembers(passwordAuth(orgAdmin), org, 'nope'), 404, 'NO_SUCH_TEAM');

    await expectNoContent(await enzi.deleteTeamMember(passwordAuth(orgAdmin), org, 'ops', user.name));
    expect(await teamMemberNames(passwordAuth(orgAdmin), org, 'ops')).toEqual([]);
    // Leaving a team does not leave the organization.
    expect(await memberNames(passwordAuth(orgAdmin), org)).toContain(user.name);
  });
});
