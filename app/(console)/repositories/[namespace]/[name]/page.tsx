import { headers } from 'next/headers';
import { publicOrigin } from '@/lib/request';
import { repositoryFor } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';

type Props = { params: Promise<{ namespace: string; name: string }> };

export default async function RepositoryPage({ params }: Props) {
  const principal = await requireUser();
  const { namespace, name } = await params;
  const { repository, access } = await repositoryFor(principal, namespace, name);
  const host = publicOrigin(await headers()).replace(/^https?:\/\//, '');
  return (
    <div className="space-y-6">
      {repository.shortDescription && <p className="text-lg text-slate-700">{repository.shortDescription}</p>}
      <dl className="grid max-w-md grid-cols-[9rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">Visibility</dt>
        <dd className="capitalize">{repository.visibility}</dd>
        <dt className="text-slate-500">Your access</dt>
        <dd>{access}</dd>
        <dt className="text-slate-500">Pulls</dt>
        <dd>{repository.pulls}</dd>
        <dt className="text-slate-500">Pushes</dt>
        <dd>{repository.pushes}</dd>
      </dl>
      <div>
        <p className="mb-1 text-sm font-medium">Pull this repository</p>
        <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`docker pull ${host}/${namespace}/${name}`}</pre>
      </div>
      {repository.longDescription && <div className="max-w-3xl whitespace-pre-wrap text-sm text-slate-700">{repository.longDescription}</div>}
    </div>
  );
}
