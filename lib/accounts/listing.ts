// The console's lists of users and organizations: their search, their orders and their cursors.
// No SQL here: lib/accounts/listing-queries.ts spells them.
import { z } from 'zod';
import { SORT_ORDERS, timeCursorSchema, type SortOrder } from '@/lib/validation';

export const ACCOUNT_SORT_KEYS = ['name', 'created'] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];
export type AccountSort = { by: AccountSortKey; order: SortOrder };

/** Each column's first direction: names A to Z, the newest account first. */
export const ACCOUNT_SORT_FIRST_ORDER: Record<AccountSortKey, SortOrder> = { name: 'asc', created: 'desc' };
export const DEFAULT_ACCOUNT_SORT: AccountSort = { by: 'name', order: 'asc' };

/**
 * The cursor of a page: the sort it belongs to and the last row's key (its name, or the database's
 * text of its creation time) with its id.
 */
export const accountCursorSchema = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('name'), order: z.enum(SORT_ORDERS), key: z.string().min(1).max(64), id: z.uuid() }),
  z.object({ sort: z.literal('created'), order: z.enum(SORT_ORDERS), key: timeCursorSchema.shape.at, id: z.uuid() }),
]);
export type AccountCursor = z.infer<typeof accountCursorSchema>;

/** The cursors of `sort` only: one from another sort means the first page. */
export function accountCursorFor(sort: AccountSort) {
  return accountCursorSchema.refine((c) => c.sort === sort.by && c.order === sort.order);
}

/** A page of a list of accounts: a name prefix to search for, the order, where the page starts. */
export type AccountPageQuery = { search?: string; sort?: AccountSort; after?: AccountCursor; limit: number };

/** The cursor after `row` in `sort`. */
export function accountCursorOf(sort: AccountSort, row: { name: string; createdKey: string; id: string }): AccountCursor {
  return sort.by === 'name'
    ? { sort: 'name', order: sort.order, key: row.name, id: row.id }
    : { sort: 'created', order: sort.order, key: row.createdKey, id: row.id };
}
