import { formatDate } from '@/app/components/format';
import { userByName } from '@/lib/accounts/accounts';
import { requireUser } from '@/lib/auth/session';
import { listWebSessions } from '@/lib/auth/web-sessions';
import { revokeSession, signOutEverywhereElse } from './actions';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Sessions · Berth' };

type Props = { params: Promise<{ username: string }>; searchParams: Promise<{ revoked?: string; ended?: string }> };

export default async function SessionsPage({ params, searchParams }: Props) {
  const principal = await requireUser();
  const { username } = await params;
  const { revoked, ended } = await searchParams;
  const user = await userByName(username);
  const sessions = await listWebSessions(principal, user.id);
  const own = user.id === principal.user.id;
  const endedCount = Number(ended);
  return (
    <section aria-labelledby="sessions-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Active sessions
          </h2>
          <p className="max-w-2xl text-sm text-slate-600">
            Every browser signed in as {username}. Revoke a session you do not recognise: it ends at its next request. A session ends on its own 12 hours after its sign-in.
          </p>
        </div>
        {own && sessions.length > 1 && (
          <form action={signOutEverywhereElse}>
            <button type="submit" className="btn-secondary">
              Sign out everywhere else
            </button>
          </form>
        )}
      </div>
      {(revoked || ended) && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {revoked ? 'The session was revoked.' : `${endedCount} other session${endedCount === 1 ? '' : 's'} signed out.`}
        </p>
      )}
      <DataTable caption={`Active sessions of ${username}`}>
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">With</th>
              <th scope="col">Last seen</th>
              <th scope="col">From</th>
              <th scope="col">Browser</th>
              <th scope="col">Ends</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {formatDate(s.createdAt)}
                  {s.current && <span className="ml-2 rounded bg-sky-100 px-1.5 text-xs text-sky-900">This session</span>}
                </td>
                <td className="font-mono text-xs whitespace-nowrap">{s.credential}</td>
                <td>{formatDate(s.lastSeenAt)}</td>
                <td>{s.ip}</td>
                <td className="max-w-xs truncate" title={s.userAgent}>
                  {s.userAgent || '—'}
                </td>
                <td>{formatDate(s.expiresAt)}</td>
                <td>
                  <form action={revokeSession}>
                    <input type="hidden" name="username" value={username} />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="btn-secondary" aria-label={`Revoke the session signed in ${formatDate(s.createdAt)} from ${s.ip}`}>
                      {s.current ? 'Sign out' : 'Revoke'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
      </DataTable>
    </section>
  );
}
