import { headers } from 'next/headers';
import { formatBytes, formatDate } from '@/app/components/format';
import { cursorIn, Pager, type SearchParams } from '@/app/components/pager';
import { requireUser } from '@/lib/auth/session';
import { ApiError } from '@/lib/errors';
import { atLeast } from '@/lib/repositories/permissions';
import { repositoryFor } from '@/lib/repositories/repositories';
import { listTags, type TagJson } from '@/lib/registry/tags';
import { publicOrigin } from '@/lib/request';
import { TagTable, type TagRow } from './tag-table';

type Props = { params: Promise<{ namespace: string; name: string }>; searchParams: Promise<SearchParams> };

/** The tags the script-less Delete flow asks to confirm (`?delete=…`): those of this page only. */
function toDelete(asked: string | string[] | undefined, rows: TagRow[]): string[] {
  const wanted = new Set(typeof asked === 'string' ? [asked] : (asked ?? []));
  return rows.filter((t) => wanted.has(t.name)).map((t) => t.name);
}

const platformsOf = (tag: TagJson) => tag.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')).join(', ') || '–';

/** A page of tags; a hand-edited cursor means the first page, the registry away a message. */
async function tagPage(...args: Parameters<typeof listTags>) {
  try {
    return await listTags(...args);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'INVALID_PARAMETERS') return listTags(args[0], args[1], args[2], { ...args[3], pageStart: undefined });
    if (error.code === 'UNAVAILABLE') return { unavailable: error.message };
    throw error;
  }
}

export default async function RepositoryTagsPage({ params, searchParams }: Props) {
  const principal = await requireUser();
  const { namespace, name } = await params;
  const { access } = await repositoryFor(principal, namespace, name);
  const query = await searchParams;
  const pageStart = cursorIn(query, 'pageStart');
  const host = publicOrigin(await headers()).replace(/^https?:\/\//, '');
  const image = `${host}/${namespace}/${name}`;
  const result = await tagPage(principal, namespace, name, { pageSize: 25, pageStart, count: true });
  if ('unavailable' in result) return <p className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">{result.unavailable}</p>;
  const rows: TagRow[] = result.tags.map((tag) => ({
    name: tag.name,
    digest: tag.digest,
    shortDigest: tag.digest.replace(/^(sha256:.{12}).*$/, '$1'),
    size: formatBytes(tag.manifest.size),
    platforms: platformsOf(tag),
    pushed: formatDate(tag.updatedAt ? new Date(tag.updatedAt) : null, 'Unknown'),
    pushedBy: tag.author,
    pullByTag: `docker pull ${image}:${tag.name}`,
    pullByDigest: `docker pull ${image}@${tag.digest}`,
  }));
  const canDelete = atLeast(access, 'read-write');
  if (rows.length === 0 && !pageStart) {
    return (
      <div className="space-y-3 rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-700">
        <p className="font-medium">No tags yet. Push an image to get started:</p>
        {/* Focusable: on a phone the lines scroll sideways, and a keyboard must reach them (axe). */}
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" role="region" tabIndex={0} aria-label="Commands to push a first image">
          {`docker login ${host}\ndocker tag my-image ${image}:latest\ndocker push ${image}:latest`}
        </pre>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Tags</h2>
      <TagTable namespace={namespace} name={name} tags={rows} canDelete={canDelete} confirmDelete={canDelete ? toDelete(query.delete, rows) : []} />
      <Pager label="tags" path={`/repositories/${namespace}/${name}/tags`} params={query} next={result.next} first={!pageStart} count={result.count} />
    </div>
  );
}
