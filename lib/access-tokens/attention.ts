import { tokensNeedingAttention } from '@/lib/access-tokens/queries';
import type { Principal } from '@/lib/auth/principal';

/**
 * How many of the principal's own active tokens need attention: expiring within `expiringDays`, or
 * unused (never used, counting from creation) for `unusedDays`.
 */
export function ownTokensNeedingAttention(principal: Principal, expiringDays = 7, unusedDays = 90) {
  return tokensNeedingAttention(principal.user.id, expiringDays, unusedDays);
}
