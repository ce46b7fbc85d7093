import Link from 'next/link';
import { decodeCursor, page } from '@/lib/api/pagination';
import { listRepositories, repositoryCursorSchema } from '@/lib/repositories';
import { requireUser } from '@/lib/session';

export const metadata = { title: 'Repositories · Berth' };

export default async function RepositoriesPage({ searchParams }: { searchParams: Promise<{ pageStart?: string }> }) {
  const principal = await requireUser();
  const { pageStart } = await searchParams;
  let after;
  try {
    after = decodeCursor(pageStart, repositoryCursorSchema);
  } catch {
    after = undefined;
  }
  const { rows, next } = await page(25, (limit) => listRepositories(principal, { after, limit }), (r) => ({ namespace: r.namespace, name: r.name }));
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Repositories</h1>
      {rows.length === 0 ? (
        <p className="text-slate-600">No repositories you can access yet. Push an image, or create one with the API.</p>
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
                  {r.namespace}/{r.name}
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
        <Link className="btn-secondary mt-4" href={`/repositories?pageStart=${next}`}>
          Next page
        </Link>
      )}
    </section>
  );
}
