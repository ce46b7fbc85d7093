import { describe, expect, it } from 'vitest';
import { client } from '@/db';
import type { Principal } from '@/lib/auth/principal';
import { grantTeamAccess, updateRepository } from '@/lib/repositories/queries';
import { listRepositories } from '@/lib/repositories/repositories';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createUser, type TestUser } from '../support/users';

// On PGlite a page of the repository list is answered from memory until anything is written
// (db/read-cache.ts, decision 050): every write that changes what a user sees shows on the very next
// list, on both databases; and on PGlite, with nothing written, the same page is not read again.

const asUser = (user: TestUser): Principal => ({ user: user.account, credential: { kind: 'password' }, scope: 'admin', request: { ip: '127.0.0.1', userAgent: 'vitest' } });
const names = async (principal: Principal) => (await listRepositories(principal, { limit: 100, search: 'cachetest' })).map((r) => `${r.namespace}/${r.name}`);

describe('the repository list after writes', () => {
  it('shows every change on the next list, and reads nothing again while nothing changed', async () => {
    const [owner, viewer] = await Promise.all([createUser(), createUser()]);
    const org = await createOrg({ admins: [owner] });
    const repository = await createRepository(owner.account, 'cachetest-a');
    const orgRepository = await createRepository(org, 'cachetest-b');
    const me = asUser(viewer);
    expect(await names(me)).toEqual([]);

    const first = await listRepositories(me, { limit: 100, search: 'cachetest' });
    const again = await listRepositories(me, { limit: 100, search: 'cachetest' });
    if (client().kind === 'pglite') expect(again).toBe(first);
    else expect(client().readCache).toBeUndefined();

    await updateRepository(repository.id, { visibility: 'public' }); // one statement
    expect(await names(me)).toEqual([`${owner.name}/cachetest-a`]);

    const team = await createTeam(org, { name: 'cachers', members: [] });
    await joinOrg(org, viewer);
    await createTeam(org, { name: 'cachers-2', members: [viewer], grants: [[orgRepository, 'read-only']] });
    expect(await names(me)).toEqual([`${owner.name}/cachetest-a`, `${org.name}/cachetest-b`].sort());

    await grantTeamAccess(team.id, orgRepository.id, 'read-write');
    await updateRepository(repository.id, { visibility: 'private' });
    expect(await names(me)).toEqual([`${org.name}/cachetest-b`]);
    // Frozen: a caller cannot change a page that other requests share.
    expect(Object.isFrozen(await listRepositories(me, { limit: 100, search: 'cachetest' }))).toBe(true);
  });
});
