// A token's last 30 days in View details (SPEC 12): stacked SVG bars per day, the same numbers in a
// table for screen readers, and the last addresses the token was used from.
import { formatDate } from '@/app/components/format';
import type { TokenUsage } from '@/lib/access-tokens/usage';

const SERIES = [
  { key: 'pulls', label: 'Pulls', color: '#0369a1' },
  { key: 'pushes', label: 'Pushes', color: '#15803d' },
  { key: 'apiCalls', label: 'API calls', color: '#a16207' },
  { key: 'signIns', label: 'Sign-ins', color: '#7e22ce' },
] as const;

const WIDTH = 300;
const HEIGHT = 80;

export function UsageChart({ usage }: { usage: TokenUsage }) {
  const { days, lastUsedFrom } = usage;
  const totals = SERIES.map((s) => ({ ...s, total: days.reduce((n, d) => n + d[s.key], 0) }));
  const peak = Math.max(1, ...days.map((d) => SERIES.reduce((n, s) => n + d[s.key], 0)));
  const slot = WIDTH / days.length;
  const summary = `Last ${days.length} days: ${totals.map((t) => `${t.total} ${t.label.toLowerCase()}`).join(', ')}`;
  return (
    <section aria-labelledby="usage-heading" className="space-y-2 text-sm">
      <h3 id="usage-heading" className="font-medium">
        Usage, last {days.length} days
      </h3>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-20 w-full rounded bg-slate-100" role="img" aria-label={summary}>
        {days.map((d, i) => {
          let y = HEIGHT;
          return (
            <g key={d.date}>
              {SERIES.map((s) => {
                const h = (d[s.key] / peak) * (HEIGHT - 4);
                y -= h;
                return h > 0 ? <rect key={s.key} x={i * slot + 1} y={y} width={Math.max(1, slot - 2)} height={h} fill={s.color} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul className="flex flex-wrap gap-3 text-xs" aria-hidden="true">
        {totals.map((t) => (
          <li key={t.key} className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-sm" style={{ background: t.color }} />
            {t.label} {t.total}
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>Usage per day</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {SERIES.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
            <th scope="col">Distinct IPs</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              {SERIES.map((s) => (
                <td key={s.key}>{d[s.key]}</td>
              ))}
              <td>{d.ips}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <h3 className="font-medium">Last used from</h3>
        {lastUsedFrom.length === 0 ? (
          <p className="text-slate-600">No use recorded yet.</p>
        ) : (
          <ul aria-label="Last used from">
            {lastUsedFrom.map((a) => (
              <li key={a.ip}>
                <span className="font-mono">{a.ip}</span> <span className="text-slate-500">{formatDate(new Date(a.lastSeen))}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
