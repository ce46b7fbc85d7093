import Link from 'next/link';
import { z } from 'zod';
import { cursorOrFirstPage, page } from '@/lib/api/pagination';
import { listRepositories, repositoryCursorSchema } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';
import { NewRepositoryForm } from './forms';

export const metadata = { title: 'Repositories · Berth' };

// Filters typed into the address bar: anything unusable (too long, control characters) is dropped.
const printable = (max: number) => z.string().trim().max(max).regex(/^[^\u0000-\u001f]*$/).optional().catch(undefined);
const filtersSchema = z.object({
  namespace: printable(64),
  q: printable(100),
  pageStart: z.string().max(1024).optional().catch(undefined),
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RepositoriesPage({ searchParams }: Props) {
  const principal = await requireUser();
  const filters = filtersSchema.parse(await searchParams);
  const after = cursorOrFirstPage(filters.pageStart, repositoryCursorSchema);
  const { rows, next } = await page(
    25,
    (limit) => listRepositories(principal, { namespace: filters.namespace || undefined, search: filters.q || undefined, after, limit }),
    (r) => ({ namespace: r.namespace, name: r.name }),
  );
  const nextQuery = new URLSearchParams({ ...(filters.namespace && { namespace: filters.namespace }), ...(filters.q && { q: filters.q }), ...(next && { pageStart: next }) });
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Repositories</h1>
      {principal.scope === 'admin' && <NewRepositoryForm namespace={principal.user.name} />}
      <form method="get" className="flex flex-wrap items-end gap-4" role="search" aria-label="Filter repositories">
        <div>
          <label htmlFor="filter-namespace" className="label">
            Namespace
          </label>
          <input id="filter-namespace" name="namespace" className="input" defaultValue={filters.namespace} />
        </div>
        <div>
          <label htmlFor="filter-q" className="label">
            Search
          </label>
          <input id="filter-q" name="q" type="search" className="input" defaultValue={filters.q} />
        </div>
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">No repositories you can access{filters.namespace || filters.q ? ' match these filters' : ' yet'}.</p>
      ) : (
        <table className="data-table rounded-lg bg-white">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Visibility</th>
              <th scope="col">Description</th>
              <th scope="col">Pulls</th>
              <th scope="col">Pushes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="font-medium">
                  <Link href={`/repositories/${r.namespace}/${r.name}`} className="text-sky-700 hover:underline">
                    {r.namespace}/{r.name}
                  </Link>
                </td>
                <td className="capitalize">{r.visibility}</td>
                <td className="text-slate-600">{r.shortDescription}</td>
                <td>{r.pulls}</td>
                <td>{r.pushes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <Link className="btn-secondary" href={`/repositories?${nextQuery}`}>
          Next page
        </Link>
      )}
    </section>
  );
}
