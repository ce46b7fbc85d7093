import { auditName } from '@/lib/audit/record';
import { recentFailures } from '@/lib/auth/queries';
import { config } from '@/lib/config';

export type RateLimits = { userFailures: number; ipFailures: number; windowMs: number };
export type Throttle = { limited: false } | { limited: true; retryAfter: number; by: 'ip' | 'user' };

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
  // A username's limit guards its password: only password failures count. A wrong or revoked token
  // says nothing about the password (and a CI runner retrying a revoked token must not lock out the
  // new one); token failures count toward the address's limit.
  const username = attempt.username === undefined ? null : auditName(attempt.username);
  const row = await recentFailures({ ip: attempt.ip, username }, limits);
  if (row.ip_retry !== null) return { limited: true, retryAfter: Math.max(1, Number(row.ip_retry)), by: 'ip' };
  if (row.user_retry !== null && (!attempt.token || row.failed_here)) {
    return { limited: true, retryAfter: Math.max(1, Number(row.user_retry)), by: 'user' };
  }
  return { limited: false };
}
