// Walking a keyset-paged list as its page does: each page's cursor encoded as the address holds it,
// then read back through the page's schema (a cursor the schema refuses would mean the first page).
import { expect } from 'vitest';
import type { z } from 'zod';
import { cursorOrFirstPage, page } from '@/lib/api/pagination';

/** Every row of the list, pages of `size`, and how many pages it took. */
export async function walkKeyset<S extends z.ZodType, Row>(
  size: number,
  schema: S,
  fetch: (after: z.infer<S> | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => z.infer<S>,
): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const after = cursorOrFirstPage(next, schema);
    if (next) expect(after, 'a cursor of the list itself').toBeDefined();
    const result = await page(size, (limit) => fetch(after, limit), keyOf);
    rows.push(...result.rows);
    next = result.next;
    pages += 1;
  } while (next && pages < 50);
  return { rows, pages };
}
