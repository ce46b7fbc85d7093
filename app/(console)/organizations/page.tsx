import Link from 'next/link';
import { namePageOf, Pager, type SearchParams } from '@/app/components/pager';
import { isSystemAdmin } from '@/lib/auth/principal';
import { countAccounts } from '@/lib/accounts/accounts';
import { listOrganizationsOf } from '@/lib/accounts/organizations';
import { requireUser } from '@/lib/auth/session';
import { CreateOrganizationForm } from './forms';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Organizations · Berth' };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireUser();
  const admin = principal.user.isAdmin;
  const params = await searchParams;
  // Everyone's organizations are counted for a system admin; a member's own list pages without a count.
  const [{ rows: orgs, next, first }, count] = await Promise.all([
    namePageOf(params, 'pageStart', 50, (opts) => listOrganizationsOf(principal, opts), (o) => o.org.name),
    admin ? countAccounts(principal, 'orgs') : undefined,
  ]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Organizations</h1>
      {isSystemAdmin(principal) && <CreateOrganizationForm />}
      {orgs.length === 0 && first ? (
        <p className="text-slate-600">You are not a member of any organization.</p>
      ) : (
        <DataTable caption="Organizations">
          <thead>
            <tr>
              <th scope="col">Name</th>
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
      <Pager label="organizations" path="/organizations" params={params} next={next} first={first} count={count} />
    </section>
  );
}
