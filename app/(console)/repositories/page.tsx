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
      {principal.scope === 'admin' && (
        // The create form is a titled panel of its own, so it never reads as the filter below it (issue 17).
        <section aria-labelledby="new-repository-heading" className="max-w-3xl space-y-3 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="new-repository-heading" className="text-lg font-semibold">
            New repository
          </h2>
          <NewRepositoryForm namespace={principal.user.name} />
        </section>
      )}
      {/* The filter: one compact bar above the list it narrows. */}
      <form method="get" className="flex flex-wrap items-center gap-2 border-b border-slate-200 pb-3 text-sm" role="search" aria-label="Filter repositories">
        <label htmlFor="filter-namespace" className="font-medium text-slate-700">
          Namespace
        </label>
        <input id="filter-namespace" name="namespace" className="input w-40" defaultValue={filters.namespace} />
        <label htmlFor="filter-q" className="font-medium text-slate-700">
          Search
        </label>
        <input id="filter-q" name="q" type="search" className="input w-56" defaultValue={filters.q} />
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
      <Pager label="repositories" path="/repositories" params={kept} next={next} first={first} count={count} shown={rows.length} />
    </section>
  );
}
