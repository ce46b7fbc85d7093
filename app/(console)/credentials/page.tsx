import Link from 'next/link';
import { formatDate } from '@/app/components/format';
import { inventoryFilterSchema, type InventoryFilters } from '@/lib/access-tokens/inventory';
import { listAccessTokens, type TokenWithOwner } from '@/lib/access-tokens/lifecycle';
import { tokenStatus } from '@/lib/access-tokens/status';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';
import { describeIssues } from '@/lib/api/body';
import { cursorOrFirstPage, page } from '@/lib/api/pagination';
import { requireAdmin } from '@/lib/auth/session';
import { timeCursorSchema } from '@/lib/validation';
import { CredentialsTable, type CredentialRow } from './credentials-table';

export const metadata = { title: 'Credentials · Berth' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 50;
const FILTER_NAMES = Object.keys(inventoryFilterSchema.shape);

function credentialRow(t: TokenWithOwner): CredentialRow {
  return {
    hashedToken: t.hashedToken,
    username: t.username,
    tokenLabel: t.tokenLabel,
    hint: t.hint,
    status: tokenStatus(t),
    scope: t.scope,
    temporary: t.temporary,
    generatedBy: t.generatedBy,
    createdAt: formatDate(t.createdAt),
    lastUsed: formatDate(t.lastUsed),
    expiresAt: formatDate(t.expiresAt),
  };
}

function NumberField({ id, label, name, value }: { id: string; label: string; name: string; value?: string }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} name={name} type="number" min={1} max={3650} inputMode="numeric" className="input w-32" defaultValue={value} />
    </div>
  );
}

/** Every user's access tokens, for system admins, with the filters of SPEC 12 (the same as the API's). */
export default async function CredentialsPage({ searchParams }: Props) {
  const principal = await requireAdmin();
  const raw = await searchParams;
  // A form sends every field, empty or not; only the ones filled in are filters.
  const given = Object.fromEntries(FILTER_NAMES.map((k) => [k, raw[k]]).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const parsed = inventoryFilterSchema.safeParse(given);
  const filters: InventoryFilters = parsed.success ? parsed.data : {};
  const after = cursorOrFirstPage(typeof raw.pageStart === 'string' ? raw.pageStart : undefined, timeCursorSchema);
  const { rows, next } = parsed.success
    ? await page(PAGE_SIZE, (limit) => listAccessTokens(principal, { after, limit, filters }), (t) => ({ at: t.cursorAt, id: t.id }))
    : { rows: [], next: undefined };
  const query = new URLSearchParams(given);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Credentials</h1>
      <p className="max-w-2xl text-sm text-slate-600">Every user&apos;s access tokens. Filter them, deactivate the ones nobody needs, or export the list.</p>
      <form method="get" className="flex flex-wrap items-end gap-4" role="search" aria-label="Filter access tokens">
        <NumberField id="filter-stale" label="Unused for (days)" name="stale" value={given.stale} />
        <NumberField id="filter-expiring" label="Expiring within (days)" name="expiringWithinDays" value={given.expiringWithinDays} />
        <div>
          <label htmlFor="filter-created-by" className="label">
            Created by
          </label>
          <input id="filter-created-by" name="createdBy" className="input w-40" defaultValue={given.createdBy} />
        </div>
        <div>
          <label htmlFor="filter-scope" className="label">
            Scope
          </label>
          <select id="filter-scope" name="scope" className="input" defaultValue={given.scope ?? ''}>
            <option value="">Any</option>
            {TOKEN_SCOPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="neverUsed" value="true" defaultChecked={given.neverUsed === 'true'} />
          Never used
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="temporary" value="true" defaultChecked={given.temporary === 'true'} />
          Temporary passwords
        </label>
        <button type="submit" className="btn-secondary">
          Filter
        </button>
        <a className="btn-secondary" href={`/credentials/export?${query}`} download>
          Export CSV
        </a>
      </form>
      {!parsed.success && (
        <p role="alert" className="text-sm text-red-700">
          {describeIssues(parsed.error)}
        </p>
      )}
      <CredentialsTable key={`${query}|${after?.id ?? ''}`} rows={rows.map(credentialRow)} />
      {next && (
        <Link className="btn-secondary" href={`/credentials?${new URLSearchParams({ ...given, pageStart: next })}`}>
          Next page
        </Link>
      )}
    </section>
  );
}
