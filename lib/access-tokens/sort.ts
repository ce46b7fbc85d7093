// The orders of one user's token list (the Access Tokens tab): which column, which direction, and
// the cursor of a page in that order. No SQL here: lib/access-tokens/queries.ts spells the keys.
import { z } from 'zod';
import { SORT_ORDERS, timeCursorSchema, type SortOrder } from '@/lib/validation';

export const TOKEN_SORT_KEYS = ['created', 'lastUsed', 'expires'] as const;
export type TokenSortKey = (typeof TOKEN_SORT_KEYS)[number];
export type TokenSort = { by: TokenSortKey; order: SortOrder };

/**
 * Each column's first direction: newest and most recently used first, soonest expiry first. A
 * never-used token sorts as the earliest moment and a never-expiring one as the latest (decision 048),
 * so both come last in these directions.
 */
export const TOKEN_SORT_FIRST_ORDER: Record<TokenSortKey, SortOrder> = { created: 'desc', lastUsed: 'desc', expires: 'asc' };

/** The list's order before anyone picks one. */
export const DEFAULT_TOKEN_SORT: TokenSort = { by: 'created', order: 'desc' };

/**
 * The cursor of a page in a sorted list: the sort it belongs to and the last row's key, the database's
 * own text of the timestamp ('-infinity' and 'infinity' stand for never) and the row's id.
 */
export const tokenCursorSchema = z.object({
  sort: z.enum(TOKEN_SORT_KEYS),
  order: z.enum(SORT_ORDERS),
  at: z.union([timeCursorSchema.shape.at, z.enum(['-infinity', 'infinity'])]),
  id: z.uuid(),
});
export type TokenCursor = z.infer<typeof tokenCursorSchema>;

/** The cursors of `sort` only: one from another sort (a link kept from before) means the first page. */
export function tokenCursorFor(sort: TokenSort) {
  return tokenCursorSchema.refine((c) => c.sort === sort.by && c.order === sort.order);
}
