// A token's usage (SPEC 12) as the usage API and View details read it. Uses are counted by
// usage-counter.ts, called where they are decided: lib/auth/authenticate.ts (sign-ins, API calls)
// and the /v2 proxy (pulls and pushes).
import { z } from 'zod';
import { getAccessToken } from '@/lib/access-tokens/lifecycle';
import { sharedUsageCounter, utcDay } from '@/lib/access-tokens/usage-counter';
import { recentAddresses, usageSince } from '@/lib/access-tokens/usage-queries';
import type { Principal } from '@/lib/auth/principal';

const DAY_MS = 24 * 60 * 60 * 1000;

export const usageQuerySchema = z.object({
  days: z
    .string()
    .regex(/^(?:[1-9]|[1-8]\d|90)$/, 'days must be a whole number from 1 to 90')
    .transform(Number)
    .default(30),
});

export type UsageDay = { date: string; pulls: number; pushes: number; apiCalls: number; signIns: number; ips: number };

/**
 * The token's last `days` days, oldest first, every day present (today last, in UTC), and the last
 * few addresses it was used from. This instance's counts are flushed first, so a read sees them.
 */
export async function tokenUsage(principal: Principal, hashedToken: string, days: number) {
  const token = await getAccessToken(principal, hashedToken);
  await sharedUsageCounter().flush();
  const today = Date.parse(`${utcDay(Date.now())}T00:00:00Z`);
  const dates = Array.from({ length: days }, (_, i) => utcDay(today - (days - 1 - i) * DAY_MS));
  const [{ counts, ips }, lastUsedFrom] = await Promise.all([usageSince(token.id, dates[0]), recentAddresses(token.id, 5)]);
  const countsOf = new Map(counts.map((row) => [row.day, row]));
  const ipsOf = new Map(ips.map((row) => [row.day, row.ips]));
  const series: UsageDay[] = dates.map((date) => {
    const row = countsOf.get(date);
    return { date, pulls: row?.pulls ?? 0, pushes: row?.pushes ?? 0, apiCalls: row?.apiCalls ?? 0, signIns: row?.signIns ?? 0, ips: ipsOf.get(date) ?? 0 };
  });
  return { days: series, lastUsedFrom: lastUsedFrom.map((a) => ({ ip: a.ip, lastSeen: a.lastSeen.toISOString() })) };
}

export type TokenUsage = Awaited<ReturnType<typeof tokenUsage>>;
