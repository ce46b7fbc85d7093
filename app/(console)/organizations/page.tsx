import Link from 'next/link';
import { keyPageOf, Pager, type SearchParams } from '@/app/components/pager';
import { SearchForm, searchIn } from '@/app/components/search-form';
import { SortHeader, sortFrom } from '@/app/components/sort-header';
import { isSystemAdmin } from '@/lib/auth/principal';
import { accountCursorFor, accountCursorOf } from '@/lib/accounts/listing';
import { countOrganizationsOf, listOrganizationsOf } from '@/lib/accounts/organizations';
import { requireUser } from '@/lib/auth/session';
import { CreateOrganizationForm } from './forms';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Organizations · Berth' };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireUser();
  const admin = principal.user.isAdmin;
  const params = await searchParams;
  const search = searchIn(params, 200);
  // Organizations sort by name only (A to Z or Z to A).
  const sort = sortFrom(params, { name: 'asc' }, 'name');
  // A system admin's list is every organization; a member's, those they belong to.
  const [{ rows: orgs, next, first }, count] = await Promise.all([
    keyPageOf(
      params,
      'pageStart',
      50,
      accountCursorFor(sort),
      (opts) => listOrganizationsOf(principal, { search, sort, ...opts }),
      (o) => accountCursorOf(sort, { ...o.org, createdKey: o.createdKey }),
    ),
    countOrganizationsOf(principal, search),
  ]);
  const createsOrgs = isSystemAdmin(principal);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Organizations</h1>
      {createsOrgs && <CreateOrganizationForm />}
      <SearchForm label="Search organizations" fieldLabel="Name or full name starts with" id="org-search" value={search} maxLength={200} sort={sort} />
      {orgs.length === 0 && first ? (
        <div className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-700">
          {search ? (
            <p>
              No organization&apos;s name or full name starts with “{search}”. The search matches the beginning of a name;{' '}
              <Link href="/organizations" className="text-sky-700 underline">
                show every organization
              </Link>
              .
            </p>
          ) : createsOrgs ? (
            <p>No organizations yet. Create one with the form above: an organization owns repositories, and its teams share them.</p>
          ) : (
            <p>You belong to no organization yet. An admin of an organization can add you to it.</p>
          )}
        </div>
      ) : (
        <DataTable caption="Organizations">
          <thead>
            <tr>
              <SortHeader label="Name" column="name" sort={sort} firstOrder="asc" path="/organizations" keep={{ q: search }} />
              <th scope="col">Full name</th>
              <th scope="col">Your role</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map(({ org, isAdmin }) => (
              <tr key={org.id}>
                <td className="font-medium">
                  <Link href={`/organizations/${org.name}`} className="text-sky-700 hover:underline">
                    {org.name}
                  </Link>
                </td>
                <td>{org.fullName}</td>
                <td>{admin ? 'System admin' : isAdmin ? 'Admin' : 'Member'}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pager label="organizations" path="/organizations" params={params} next={next} first={first} count={count} shown={orgs.length} />
    </section>
  );
}
