import Link from 'next/link';
import { formatDate } from '@/app/components/format';
import { RelativeTime } from '@/app/components/relative-time';
import { keyPageOf, Pager, type SearchParams } from '@/app/components/pager';
import { SearchForm, searchIn } from '@/app/components/search-form';
import { SortHeader, sortFrom } from '@/app/components/sort-header';
import { countUsersForAdmin, listUsersForAdmin } from '@/lib/accounts/accounts';
import { ACCOUNT_SORT_FIRST_ORDER, accountCursorFor, accountCursorOf, DEFAULT_ACCOUNT_SORT } from '@/lib/accounts/listing';
import { requireAdmin } from '@/lib/auth/session';
import { CreateUserForm } from './create-user-form';
import { UserRowActions } from './user-row-actions';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Users · Berth' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireAdmin();
  const params = await searchParams;
  const search = searchIn(params, 200);
  const sort = sortFrom(params, ACCOUNT_SORT_FIRST_ORDER, DEFAULT_ACCOUNT_SORT.by);
  const [{ rows: users, next, first }, count] = await Promise.all([
    keyPageOf(params, 'pageStart', 50, accountCursorFor(sort), (opts) => listUsersForAdmin(principal, { search, sort, ...opts }), (u) => accountCursorOf(sort, u)),
    countUsersForAdmin(principal, search),
  ]);
  const now = new Date();
  const header = { sort, path: '/users', keep: { q: search } };
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <CreateUserForm />
      <SearchForm label="Search users" fieldLabel="Username or full name starts with" id="user-search" value={search} maxLength={200} sort={sort} />
      {users.length === 0 && first ? (
        <div className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-700">
          {search ? (
            <p>
              No username or full name starts with “{search}”. The search matches the beginning of a name;{' '}
              <Link href="/users" className="text-sky-700 underline">
                show every user
              </Link>
              .
            </p>
          ) : (
            <p>No users yet. Create one with the form above; they sign in with the password you give them.</p>
          )}
        </div>
      ) : (
        <DataTable caption="Users">
          <thead>
            <tr>
              <SortHeader label="Username" column="name" firstOrder={ACCOUNT_SORT_FIRST_ORDER.name} {...header} />
              <th scope="col">Full name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <SortHeader label="Created" column="created" firstOrder={ACCOUNT_SORT_FIRST_ORDER.created} {...header} />
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
      )}
      <Pager label="users" path="/users" params={params} next={next} first={first} count={count} shown={users.length} />
    </section>
  );
}
