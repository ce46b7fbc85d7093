// Tokens no person asked for: trusted publishing mints a 15-minute one for a trust's account
// (SPEC 12, decision 047). The caller audits it in the same transaction.
import type { Executor } from '@/db';
import { generateToken, hashToken, tokenHint, type TokenScope } from '@/lib/access-tokens/format';
import { insertToken } from '@/lib/access-tokens/queries';

export async function mintToken(
  input: { ownerId: string; scope: TokenScope; repositories: string[]; tokenLabel: string; generatedBy: string; userAgent: string; expiresAt: Date },
  executor: Executor,
) {
  const token = generateToken();
  const row = await insertToken(
    {
      hashedToken: hashToken(token),
      ownerId: input.ownerId,
      tokenLabel: input.tokenLabel.slice(0, 100),
      hint: tokenHint(token),
      scope: input.scope,
      expiresAt: input.expiresAt,
      repositories: input.repositories,
      generatedBy: input.generatedBy,
      creatorUa: input.userAgent.slice(0, 512),
    },
    executor,
  );
  return { token, row };
}
