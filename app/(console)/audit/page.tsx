import { z } from 'zod';
import { Pager } from '@/app/components/pager';
import { cursorOrFirstPage, page } from '@/lib/api/pagination';
import { timeCursorSchema } from '@/lib/validation';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import { auditFilterSchema, listAudit } from '@/lib/audit/events';
import { isDataException } from '@/lib/errors';
import { RelativeTime } from '@/app/components/relative-time';
import { requireAdmin } from '@/lib/auth/session';
import { DataTable } from '@/app/components/data-table';

export const metadata = { title: 'Audit log · Berth' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const querySchema = z.object({
  actor: z.preprocess(blankToUndefined, auditFilterSchema.shape.actor.refine((v) => v === undefined || !/[\u0000-\u001f]/.test(v))).catch(undefined),
  action: z.preprocess(blankToUndefined, auditFilterSchema.shape.action).catch(undefined),
  since: z.preprocess(blankToUndefined, auditFilterSchema.shape.since).catch(undefined),
  until: z.preprocess(blankToUndefined, auditFilterSchema.shape.until).catch(undefined),
  pageStart: z.string().max(1024).optional().catch(undefined),
});

export default async function AuditPage({ searchParams }: Props) {
  const principal = await requireAdmin();
  const raw = await searchParams;
  const { pageStart, ...filter } = querySchema.parse(raw);
  const after = cursorOrFirstPage(pageStart, timeCursorSchema);
  // A date as `until` means the whole of that day.
  const until = filter.until && typeof raw.until === 'string' && raw.until.length === 10 ? new Date(filter.until.getTime() + 86_399_999) : filter.until;
  // A hand-edited cursor can still name an impossible time (month 13): show the first page instead.
  const { rows, next } = await page(50, (limit) => listAudit(principal, { ...filter, until }, { after, limit }), (e) => ({ at: e.cursorAt, id: e.id })).catch(
    (error) => {
      if (!after || !isDataException(error)) throw error;
      return page(50, (limit) => listAudit(principal, { ...filter, until }, { limit }), (e) => ({ at: e.cursorAt, id: e.id }));
    },
  );
  const now = new Date().toISOString();
  const keep = Object.fromEntries(
    Object.entries({ actor: raw.actor, action: raw.action, since: raw.since, until: raw.until }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <form method="get" className="flex flex-wrap items-end gap-4" role="search" aria-label="Filter events">
        <div>
          <label htmlFor="audit-actor" className="label">
            Actor
          </label>
          <input id="audit-actor" name="actor" className="input" defaultValue={keep.actor} />
        </div>
        <div>
          <label htmlFor="audit-action" className="label">
            Action
          </label>
          <select id="audit-action" name="action" className="input" defaultValue={keep.action ?? ''}>
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-since" className="label">
            From
          </label>
          <input id="audit-since" name="since" type="date" className="input" defaultValue={keep.since} />
        </div>
        <div>
          <label htmlFor="audit-until" className="label">
            To
          </label>
          <input id="audit-until" name="until" type="date" className="input" defaultValue={keep.until} />
        </div>
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">No events match.</p>
      ) : (
        <DataTable caption="Audit events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Credential</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <RelativeTime iso={e.at.toISOString()} now={now} />
                </td>
                <td className="font-mono text-xs">{e.action}</td>
                <td>{e.actor ?? '—'}</td>
                <td className="font-mono text-xs">{e.credential ?? '—'}</td>
                <td>
                  {e.targetType} {e.target}
                </td>
                <td>{e.ip}</td>
                <td className="min-w-48 text-xs">
                  <Details details={e.details} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pager label="events" path="/audit" params={keep} next={next} first={!after} />
    </section>
  );
}

/** An event's details as readable `key: value` lines, not a tooltip (nested values as compact JSON). */
function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-600">{key}:</dt>
          <dd className="break-all font-mono">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
