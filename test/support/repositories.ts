// Repositories inserted through the data layer, and the organization repository several suites share.
import type { Account, Repository } from '@/db/schema';
import { insertRepository } from '@/lib/repositories/queries';
import { createOrg, createTeam } from './orgs';
import { createUser } from './users';

/** A repository in a user's or an organization's namespace. */
export async function createRepository(
  namespace: Pick<Account, 'id' | 'name'>,
  name: string,
  visibility: 'public' | 'private' = 'private',
): Promise<Repository> {
  return insertRepository({ namespaceId: namespace.id, namespace: namespace.name, name, visibility });
}

/**
 * A private repository `app` of a fresh organization, with an org admin, and teams `admins`,
 * `writers` and `readers` holding admin, read-write and read-only on it; and an outsider.
 */
export async function orgRepository() {
  const [orgAdmin, teamAdmin, writer, reader, outsider] = await Promise.all([
    createUser({ prefix: 'orgadm' }),
    createUser({ prefix: 'teamadm' }),
    createUser({ prefix: 'writer' }),
    createUser({ prefix: 'reader' }),
    createUser({ prefix: 'outsider' }),
  ]);
  const org = await createOrg({ admins: [orgAdmin] });
  const repository = await createRepository(org, 'app');
  const admins = await createTeam(org, { name: 'admins', members: [teamAdmin], grants: [[repository, 'admin']] });
  const writers = await createTeam(org, { name: 'writers', members: [writer], grants: [[repository, 'read-write']] });
  const readers = await createTeam(org, { name: 'readers', members: [reader], grants: [[repository, 'read-only']] });
  return { org, repository, orgAdmin, teamAdmin, writer, reader, outsider, teams: { admins, writers, readers } };
}
