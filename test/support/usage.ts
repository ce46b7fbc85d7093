// Reading a token's usage as a client does, and as it is stored (without the flush the API makes).
import { GET as usageRoute } from '@/app/api/v0/api_tokens/[hashedToken]/usage/route';
import type { TokenUsage, UsageDay } from '@/lib/access-tokens/usage';
import { usageSince } from '@/lib/access-tokens/usage-queries';
import { utcDay } from '@/lib/access-tokens/usage-counter';
import { call, expectJson } from './http';

export const usageApi = (authorization: string, hashedToken: string, query = '') =>
  call(usageRoute, 'GET', `/api/v0/api_tokens/${hashedToken}/usage${query}`, { auth: authorization, params: { hashedToken } });

/** Today's entry of the usage API's answer (the last one). */
export async function usageToday(authorization: string, hashedToken: string): Promise<UsageDay> {
  const body = await expectJson<TokenUsage>(await usageApi(authorization, hashedToken));
  return body.days[body.days.length - 1];
}

/** Today's stored counts of a token, straight from the tables: what has been flushed so far. */
export async function storedToday(tokenId: string) {
  const today = utcDay(Date.now());
  const { counts, ips } = await usageSince(tokenId, today);
  const row = counts.find((c) => c.day === today);
  return { pulls: row?.pulls ?? 0, pushes: row?.pushes ?? 0, apiCalls: row?.apiCalls ?? 0, signIns: row?.signIns ?? 0, ips: ips.find((i) => i.day === today)?.ips ?? 0 };
}
