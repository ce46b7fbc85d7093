// Rotation with an overlap (SPEC 12, decision 030): a new secret for the same token, while the old one
// keeps working for a grace period the caller chooses; a second rotation ends the older grace at once.
import { z } from 'zod';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { invalidParameters } from '@/lib/errors';
import { generateToken, hashToken, tokenHint } from '@/lib/access-tokens/format';
import { apiToken, noSuchToken, ownerScope, requireAdminScope } from '@/lib/access-tokens/lifecycle';
import { getToken, rotateTokenRow } from '@/lib/access-tokens/queries';
import { tokenStatus } from '@/lib/access-tokens/status';

/** The longest grace period: a week. */
export const MAX_GRACE_HOURS = 168;
export const DEFAULT_GRACE_HOURS = 24;
/** What View details offers: none, an hour, a day, a week. */
export const GRACE_CHOICES = [0, 1, 24, 168] as const;

export const rotateSchema = z
  .object({
    gracePeriodHours: z
      .number()
      .int('gracePeriodHours must be a whole number of hours')
      .min(0, 'gracePeriodHours must be 0 to 168')
      .max(MAX_GRACE_HOURS, 'gracePeriodHours must be 0 to 168')
      .default(DEFAULT_GRACE_HOURS),
  })
  .strict();

/**
 * Rotates one of the principal's tokens (for a system admin, a token of every user). Answers the token as it is
 * now with the new secret: the only answer that ever carries it.
 */
export async function rotateAccessToken(principal: Principal, hashedToken: string, input: z.infer<typeof rotateSchema>) {
  requireAdminScope(principal);
  const existing = await getToken(hashedToken, ownerScope(principal));
  if (!existing) throw noSuchToken();
  if (tokenStatus(existing) !== 'Active') throw invalidParameters('Only an active token that has not expired can be rotated');
  const token = generateToken();
  const rotated = await db.transaction(async (tx) => {
    const row = await rotateTokenRow(hashedToken, ownerScope(principal), { hashedToken: hashToken(token), hint: tokenHint(token), graceHours: input.gracePeriodHours }, tx);
    // Deleted (or rotated by someone else) since it was read.
    if (!row) throw noSuchToken();
    await audit(tx, principal, {
      action: 'token.rotated',
      targetType: 'token',
      target: row.after.hint,
      details: {
        tokenId: row.after.id,
        owner: existing.username,
        previous: row.before.hint,
        gracePeriodHours: input.gracePeriodHours,
        rotatingUntil: row.after.rotatingUntil?.toISOString() ?? null,
      },
    });
    return row.after;
  });
  // The only place this plaintext leaves the server: the rotation response.
  return { ...apiToken({ ...rotated, username: existing.username }), token };
}
