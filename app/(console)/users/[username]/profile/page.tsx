import { accountByName } from '@/lib/accounts/accounts';
import { mayResetPasswordWithoutOld } from '@/lib/auth/principal';
import { formatDate } from '@/app/components/format';
import { requireUser } from '@/lib/auth/session';
import { PasswordForm } from './password-form';

export const metadata = { title: 'Profile · Berth' };

export default async function ProfilePage({ params }: { params: Promise<{ username: string }> }) {
  const principal = await requireUser();
  const { username } = await params;
  const account = await accountByName(username);
  const own = account.id === principal.user.id;
  const temporary = own && mayResetPasswordWithoutOld(principal);
  return (
    <div className="space-y-8">
      <dl className="grid max-w-lg grid-cols-[10rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">Username</dt>
        <dd>{account.name}</dd>
        <dt className="text-slate-500">Full name</dt>
        <dd>{account.fullName || '—'}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{account.isAdmin ? 'Administrator' : 'User'}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd>{account.isActive ? 'Active' : 'Inactive'}</dd>
        <dt className="text-slate-500">Member since</dt>
        <dd>{formatDate(account.createdAt)}</dd>
      </dl>
      {own && (
        <section aria-labelledby="password-heading">
          <h2 id="password-heading" className="mb-2 text-lg font-semibold">
            Password
          </h2>
          {temporary && (
            <p className="mb-4 max-w-lg rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              You signed in with an access token an administrator created for you. Set a new password; the old one is not needed.
            </p>
          )}
          <PasswordForm needsCurrent={!temporary} />
        </section>
      )}
    </div>
  );
}
