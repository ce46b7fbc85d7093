import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiError } from '@/lib/errors';
import { atLeast } from '@/lib/permissions';
import { repositoryFor } from '@/lib/repositories';
import { requireUser } from '@/lib/session';

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
      <nav aria-label="Repository" className="flex gap-4 border-b border-slate-200 text-sm font-medium">
        <Link href={base} className="px-2 py-2 text-slate-700 hover:text-slate-950">
          Overview
        </Link>
        {atLeast(access, 'admin') && (
          <Link href={`${base}/settings`} className="px-2 py-2 text-slate-700 hover:text-slate-950">
            Settings
          </Link>
        )}
      </nav>
      <div className="pt-6">{children}</div>
    </section>
  );
}
