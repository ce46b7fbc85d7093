import Link from 'next/link';
import { z } from 'zod';
import type { SearchParams } from '@/app/components/pager';
import { SORT_ORDERS, type SortOrder } from '@/lib/validation';

/** A list's order as the address bar holds it (`?sort=created&order=desc`). */
export type SortState<K extends string> = { by: K; order: SortOrder };

const orderParam = z.enum(SORT_ORDERS).optional().catch(undefined);

/**
 * The order a page's address asks for: a column of `firstOrder` and a direction; anything unusable
 * means the default column, and a column without a usable direction gets its first one.
 */
export function sortFrom<K extends string>(params: SearchParams, firstOrder: Record<K, SortOrder>, fallback: K): SortState<K> {
  const keys = Object.keys(firstOrder) as [K, ...K[]];
  const by = z.enum(keys).catch(fallback).parse(params.sort);
  return { by, order: orderParam.parse(params.order) ?? firstOrder[by] };
}

/** The address of the list in another order: the kept parameters (a search) stay, the page cursor goes. */
export function sortHref(path: string, keep: Record<string, string | undefined>, by: string, order: SortOrder): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(keep)) if (value) query.set(name, value);
  query.set('sort', by);
  query.set('order', order);
  return `${path}?${query}`;
}

type Props<K extends string> = {
  label: string;
  column: K;
  sort: SortState<K>;
  /** The column's direction when it is picked: its other direction when it is the list's order already. */
  firstOrder: SortOrder;
  path: string;
  keep: Record<string, string | undefined>;
};

/**
 * A sortable column's header: a link (so it works without script) to the list ordered by the column,
 * with aria-sort on the column the list is ordered by. Every sortable table uses this one.
 */
export function SortHeader<K extends string>({ label, column, sort, firstOrder, path, keep }: Props<K>) {
  const active = sort.by === column;
  const next = active ? (sort.order === 'asc' ? 'desc' : 'asc') : firstOrder;
  return (
    <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        href={sortHref(path, keep, column, next)}
        className="inline-flex min-h-6 min-w-6 items-center gap-1 whitespace-nowrap rounded font-semibold text-slate-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        {label}
        <span aria-hidden="true">{active ? (sort.order === 'asc' ? '↑' : '↓') : '↕'}</span>
      </Link>
    </th>
  );
}
