import Link from 'next/link';
import { formatDate } from '@/app/components/format';
import { RelativeTime } from '@/app/components/relative-time';
import { namePageOf, Pager, type SearchParams } from '@/app/components/pager';
import { countAccounts, listUsersForAdmin } from '@/lib/accounts/accounts';
import { requireAdmin } from '@/lib/auth/session';
import { CreateUserForm } from './create-user-form';
import { UserRowActions } from './user-row-actions';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Users · Berth' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireAdmin();
  const params = await searchParams;
  const [{ rows: users, next, first }, count] = await Promise.all([
    namePageOf(params, 'pageStart', 50, (opts) => listUsersForAdmin(principal, opts), (u) => u.name),
    countAccounts(principal, 'users'),
  ]);
  const now = new Date();
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <CreateUserForm />
      <DataTable caption="Users">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Full name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const locked = !!u.lockedUntil && u.lockedUntil > now;
            return (
              <tr key={u.id}>
                <td className="font-medium">
                  <Link href={`/users/${u.name}/profile/access-tokens`} className="text-sky-700 hover:underline">
                    {u.name}
                  </Link>
                </td>
                <td>{u.fullName}</td>
                <td>{u.isAdmin ? 'Administrator' : 'User'}</td>
                <td>
                  {u.isActive ? 'Active' : 'Inactive'}
                  {locked && <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">Locked until {formatDate(u.lockedUntil)}</span>}
                </td>
                <td>
                  <RelativeTime iso={u.createdAt.toISOString()} now={now.toISOString()} />
                </td>
                <td>
                  {u.id !== principal.user.id && <UserRowActions name={u.name} isActive={u.isActive} isAdmin={u.isAdmin} locked={locked} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <Pager label="users" path="/users" params={params} next={next} first={first} count={count} />
    </section>
  );
}
