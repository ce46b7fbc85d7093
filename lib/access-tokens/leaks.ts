// Leak response (SPEC 12; decision 046): a secret-scanning partner reports the tokens it found in
// public, and each active `brt_` token it names is deactivated at once and audited as `token.leaked`.
import { z } from 'zod';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import { endGraceForLeak, leakedTokensOf, recordLeak, tokenBySecretHash } from '@/lib/access-tokens/queries';
import { hashToken, isWellFormedToken, tokenHint } from '@/lib/access-tokens/format';
import type { Principal } from '@/lib/auth/principal';
import type { RequestInfo } from '@/lib/request';

/** The code host's partner format: `[{"token","type","url","source"}]`. */
export const leakReportSchema = z
  .array(
    z.object({
      token: z.string().min(1).max(1024),
      type: z.string().max(200),
      url: z.string().max(2048).default(''),
      source: z.string().max(200).default(''),
    }),
  )
  .min(1)
  .max(1000);

export const leakAnswerSchema = z.array(
  z.object({
    /** Lowercase hex SHA-256 of the reported string: the answer never repeats a secret. */
    token_hash: z.string().regex(/^[0-9a-f]{64}$/),
    token_type: z.string(),
    label: z.enum(['true_positive', 'false_positive']),
  }),
);
export type LeakAnswer = z.infer<typeof leakAnswerSchema>;

/**
 * Handles a verified report: a string that is a token Berth issued (its current secret, or one a
 * rotation retired) is a true positive whatever its state now; anything else a false positive.
 */
export async function handleLeakReport(report: z.infer<typeof leakReportSchema>, request: RequestInfo): Promise<LeakAnswer> {
  const answer: LeakAnswer = [];
  for (const item of report) {
    const hash = hashToken(item.token);
    const found = isWellFormedToken(item.token) ? await reportOne(hash, item, request) : false;
    answer.push({ token_hash: hash, token_type: item.type, label: found ? 'true_positive' : 'false_positive' });
  }
  return answer;
}

async function reportOne(hash: string, item: { token: string; type: string; url: string; source: string }, request: RequestInfo): Promise<boolean> {
  return db.transaction(async (tx) => {
    const match = await tokenBySecretHash(hash, tx);
    if (!match) return false;
    const { token, retired } = match;
    const changed = retired ? await endGraceForLeak(token.id, item.url, tx) : await recordLeak(token.id, item.url, tx);
    if (changed) {
      await audit(tx, { name: null, credential: null, request }, {
        action: 'token.leaked',
        targetType: 'token',
        // The hint of the secret reported, never the secret.
        target: tokenHint(item.token),
        details: { tokenId: token.id, owner: token.username, url: item.url, type: item.type, source: item.source, retiredSecret: retired, wasActive: token.isActive },
      });
    }
    return true;
  });
}

/** The principal's own tokens reported leaked in the last 30 days, for the console's banner. */
export function ownLeakedTokens(principal: Principal) {
  return leakedTokensOf(principal.user.id, 30);
}
