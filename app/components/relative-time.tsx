import { formatDate } from '@/app/components/format';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 6 days", "3 hours ago", "just now": `iso` seen from `now` (both from the server, so both renders agree). */
export function relativeTime(iso: string, now: string): string {
  const delta = Date.parse(iso) - Date.parse(now);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms) return format.format(Math.trunc(delta / ms), unit);
  }
  return 'just now';
}

/** A time as people read it, with the exact time as its title and in `datetime`. */
export function RelativeTime({ iso, now, prefix = '' }: { iso: string; now: string; prefix?: string }) {
  return (
    <time dateTime={iso} title={formatDate(new Date(iso))} className="whitespace-nowrap">
      {prefix}
      {relativeTime(iso, now)}
    </time>
  );
}
