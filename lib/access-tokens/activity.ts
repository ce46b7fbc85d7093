import { getAccessToken } from '@/lib/access-tokens/lifecycle';
import { eventsOfToken } from '@/lib/audit/events';
import type { Principal } from '@/lib/auth/principal';

/** The events of one token, for whoever may see the token (its owner, or a system admin). */
export async function tokenEvents(principal: Principal, hashedToken: string, limit = 50) {
  const token = await getAccessToken(principal, hashedToken);
  return eventsOfToken(token.id, limit);
}
