import Link from 'next/link';
import { z } from 'zod';
import { keyPageOf, Pager, type SearchParams } from '@/app/components/pager';
import { countRepositories, listRepositories, repositoryCursorSchema } from '@/lib/repositories/repositories';
import { requireUser } from '@/lib/auth/session';
import { NewRepositoryForm } from './forms';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Repositories · Berth' };

// Filters typed into the address bar: anything unusable (too long, control characters) is dropped.
const printable = (max: number) => z.string().trim().max(max).regex(/^[^\u0000-\u001f]*$/).optional().catch(undefined);
const filtersSchema = z.object({
  namespace: printable(64),
  q: printable(100),
});

export default async function RepositoriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requireUser();
  const params = await searchParams;
  const filters = filtersSchema.parse(params);
  const filter = { namespace: filters.namespace || undefined, search: filters.q || undefined };
  const [{ rows, next, first }, count] = await Promise.all([
    keyPageOf(params, 'pageStart', 25, repositoryCursorSchema, (opts) => listRepositories(principal, { ...filter, ...opts }), (r) => ({ namespace: r.namespace, name: r.name })),
    countRepositories(principal, filter),
  ]);
  const kept = { ...(filters.namespace && { namespace: filters.namespace }), ...(filters.q && { q: filters.q }) };
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
      {rows.length === 0 && first ? (
        <p className="text-slate-600">No repositories you can access{filters.namespace || filters.q ? ' match these filters' : ' yet'}.</p>
      ) : (
        <DataTable caption="Repositories">
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
        </DataTable>
      )}
      <Pager label="repositories" path="/repositories" params={kept} next={next} first={first} count={count} />
    </section>
  );
}
