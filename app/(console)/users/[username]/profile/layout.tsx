import { notFound } from 'next/navigation';
import { tokenOwnerFor } from '@/lib/access-tokens/lifecycle';
import { ApiError } from '@/lib/errors';
import { requireUser } from '@/lib/auth/session';
import { Tabs } from '@/app/components/tabs';

type Props = { children: React.ReactNode; params: Promise<{ username: string }> };

export default async function ProfileLayout({ children, params }: Props) {
  const principal = await requireUser();
  const { username } = await params;
  try {
    await tokenOwnerFor(principal, username);
  } catch (error) {
    if (error instanceof ApiError) notFound();
    throw error;
  }
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{username}</h1>
      <Tabs
        label="Profile"
        tabs={[
          { href: `/users/${username}/profile`, label: 'Account' },
          { href: `/users/${username}/profile/access-tokens`, label: 'Access Tokens' },
          { href: `/users/${username}/profile/sessions`, label: 'Sessions' },
        ]}
      />
      <div className="pt-6">{children}</div>
    </section>
  );
}
