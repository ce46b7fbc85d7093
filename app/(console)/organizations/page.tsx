import Link from 'next/link';
import { isSystemAdmin } from '@/lib/auth/principal';
import { listOrganizationsOf } from '@/lib/accounts/organizations';
import { requireUser } from '@/lib/auth/session';
import { CreateOrganizationForm } from './forms';

export const metadata = { title: 'Organizations · Berth' };

export default async function OrganizationsPage() {
  const principal = await requireUser();
  const admin = principal.user.isAdmin;
  const orgs = await listOrganizationsOf(principal, { limit: 500 });
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Organizations</h1>
      {isSystemAdmin(principal) && <CreateOrganizationForm />}
      {orgs.length === 0 ? (
        <p className="text-slate-600">You are not a member of any organization.</p>
      ) : (
        <table className="data-table rounded-lg bg-white">
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
        </table>
      )}
    </section>
  );
}
