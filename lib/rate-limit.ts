import { sql } from 'drizzle-orm';
import { queryRows } from '@/db';
import { auditEvents } from '@/db/schema';
import { auditName } from '@/lib/audit';
import { config } from '@/lib/config';

export type RateLimits = { userFailures: number; ipFailures: number; windowMs: number };
export type Throttle = { limited: false } | { limited: true; retryAfter: number; by: 'ip' | 'user' };

const failures = sql`${auditEvents.action} in ('signin.failed', 'auth.failed')`;

/**
 * Whether an attempt must be refused before its credential is even looked at (SPEC 8). The state
 * is the audit log's recorded failures, so the limit holds across every instance on one database:
 * `ipFailures` failures from one client IP, or `userFailures` failed passwords for one username,
 * within the window, refuse further attempts until enough of them age out. A username's limit stops
 * passwords from anywhere, but that user's tokens only from the addresses whose passwords failed.
 */
export async function checkRateLimit(
  attempt: { username?: string; token: boolean; ip: string },
  limits: RateLimits = config.rateLimits,
): Promise<Throttle> {
  const window = sql`now() - make_interval(secs => ${limits.windowMs / 1000})`;
  const retry = (at: ReturnType<typeof sql>) =>
    sql`ceil(extract(epoch from (${at}) + make_interval(secs => ${limits.windowMs / 1000}) - now()))::int`;
  const ipAt = sql`(select ${auditEvents.at} from ${auditEvents} where ${failures} and ${auditEvents.ip} = ${attempt.ip}
    and ${auditEvents.at} > ${window} order by ${auditEvents.at} desc offset ${limits.ipFailures - 1} limit 1)`;
  const username = attempt.username === undefined ? null : auditName(attempt.username);
  // A username's limit guards its password: only password failures count. A wrong or revoked token
  // says nothing about the password (and a CI runner retrying a revoked token must not lock out the
  // new one); token failures count toward the address's limit.
  const passwordFailures = sql`${failures} and ${auditEvents.actor} = ${username} and ${auditEvents.credential} = 'password'`;
  const userAt = sql`(select ${auditEvents.at} from ${auditEvents} where ${passwordFailures}
    and ${auditEvents.at} > ${window} order by ${auditEvents.at} desc offset ${limits.userFailures - 1} limit 1)`;
  const failedHere = sql`exists (select 1 from ${auditEvents} where ${passwordFailures}
    and ${auditEvents.ip} = ${attempt.ip} and ${auditEvents.at} > ${window})`;
  const [row] = await queryRows<{ ip_retry: number | null; user_retry: number | null; failed_here: boolean }>(
    sql`select ${retry(ipAt)} as ip_retry, ${retry(userAt)} as user_retry, ${failedHere} as failed_here`,
  );
  if (row.ip_retry !== null) return { limited: true, retryAfter: Math.max(1, Number(row.ip_retry)), by: 'ip' };
  if (row.user_retry !== null && (!attempt.token || row.failed_here)) {
    return { limited: true, retryAfter: Math.max(1, Number(row.user_retry)), by: 'user' };
  }
  return { limited: false };
}
