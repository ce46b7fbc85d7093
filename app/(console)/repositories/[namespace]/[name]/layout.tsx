import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Tabs } from '@/app/components/tabs';
import { ApiError } from '@/lib/errors';
import { atLeast } from '@/lib/repositories/permissions';
import { repositoryFor } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';

type Props = { children: React.ReactNode; params: Promise<{ namespace: string; name: string }> };

export default async function RepositoryLayout({ children, params }: Props) {
  const principal = await requireUser();
  const { namespace, name } = await params;
  const { access } = await repositoryFor(principal, namespace, name).catch((e) => {
    if (e instanceof ApiError) notFound();
    throw e;
  });
  const base = `/repositories/${namespace}/${name}`;
  return (
    <section>
      <p className="text-sm text-slate-500">
        <Link href="/repositories" className="hover:underline">
          Repositories
        </Link>{' '}
        /
      </p>
      <h1 className="mb-4 text-2xl font-semibold">
        {namespace}/{name}
      </h1>
      <Tabs
        label="Repository"
        tabs={[{ href: base, label: 'Overview' }, { href: `${base}/tags`, label: 'Tags' }, ...(atLeast(access, 'admin') ? [{ href: `${base}/settings`, label: 'Settings' }] : [])]}
      />
      <div className="pt-6">{children}</div>
    </section>
  );
}
