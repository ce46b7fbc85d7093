// The credentials inventory (SPEC 12): every user's tokens for system admins, with the filters of
// `GET /api/v0/api_tokens` and the Credentials page, a bulk deactivation and a CSV export.
import { z } from 'zod';
import { db } from '@/db';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';
import { deactivateTokensByHash, type InventoryFilters } from '@/lib/access-tokens/inventory-queries';
import { hashedTokenSchema, listAccessTokens, type TokenWithOwner } from '@/lib/access-tokens/lifecycle';
import { tokenStatus } from '@/lib/access-tokens/status';
import { audit } from '@/lib/audit/record';
import { requireSystemAdmin, type Principal } from '@/lib/auth/principal';
import { accountNameSchema, type TimeCursor } from '@/lib/validation';

export type { InventoryFilters } from '@/lib/access-tokens/inventory-queries';

const dayCount = (name: string) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `${name} must be a whole number of days from 1 to 3650`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3650, `${name} must be a whole number of days from 1 to 3650`);
const flag = (name: string) => z.enum(['true', 'false'], { error: `${name} must be true or false` }).transform((v) => v === 'true');

/** The filters as a query string spells them; an unknown value is a 400, never ignored. */
export const inventoryFilterSchema = z.object({
  stale: dayCount('stale').optional(),
  neverUsed: flag('neverUsed').optional(),
  expiringWithinDays: dayCount('expiringWithinDays').optional(),
  createdBy: accountNameSchema.optional(),
  scope: z.enum(TOKEN_SCOPES, { error: `scope must be one of ${TOKEN_SCOPES.join(', ')}` }).optional(),
  temporary: flag('temporary').optional(),
});

/** Deactivates the active tokens among `hashedTokens`, of any user: system admins only. Answers how many changed. */
export async function deactivateAccessTokens(principal: Principal, hashedTokens: string[]): Promise<number> {
  requireSystemAdmin(principal);
  const valid = hashedTokens.filter((h) => hashedTokenSchema.safeParse(h).success);
  return db.transaction(async (tx) => {
    const changed = await deactivateTokensByHash(valid, tx);
    for (const token of changed) {
      await audit(tx, principal, { action: 'token.deactivated', targetType: 'token', target: token.hint, details: { tokenId: token.id, bulk: true } });
    }
    return changed.length;
  });
}

const CSV_COLUMNS = ['username', 'tokenLabel', 'hint', 'hashedToken', 'status', 'scope', 'temporary', 'generatedBy', 'createdAt', 'lastUsed', 'lastUsedIp', 'expiresAt'] as const;

/** One CSV field: quoted, and a leading formula character defused so a spreadsheet shows it as text. */
function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

function csvRow(row: TokenWithOwner): string {
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    username: row.username,
    tokenLabel: row.tokenLabel,
    hint: row.hint,
    hashedToken: row.hashedToken,
    status: tokenStatus(row),
    scope: row.scope,
    temporary: String(row.temporary),
    generatedBy: row.generatedBy,
    createdAt: iso(row.createdAt),
    lastUsed: iso(row.lastUsed),
    lastUsedIp: row.lastUsedIp ?? '',
    expiresAt: iso(row.expiresAt),
  };
  return CSV_COLUMNS.map((c) => csvField(values[c])).join(',');
}

/**
 * The filtered list as CSV, every page of it, streamed: system admins only. It names tokens by their
 * hint and hash, as the API does; no secret is stored, so none can be in it.
 */
export function inventoryCsv(principal: Principal, filters: InventoryFilters): ReadableStream<Uint8Array> {
  requireSystemAdmin(principal);
  const encoder = new TextEncoder();
  let after: TimeCursor | undefined;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
      }
      const rows = await listAccessTokens(principal, { after, limit: 500, filters });
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((r) => `${csvRow(r)}\r\n`).join('')));
      if (rows.length < 500) return controller.close();
      const last = rows[rows.length - 1];
      after = { at: last.cursorAt, id: last.id };
    },
  });
}
