import { z } from 'zod';
import type { SearchParams } from '@/app/components/pager';
import type { SortState } from '@/app/components/sort-header';

// A search typed into the address bar: anything unusable (too long, control characters) is no search.
const searchSchema = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/).optional().catch(undefined);

/** The list's search (`?q=`), or undefined for none. */
export function searchIn(params: SearchParams, max: number): string | undefined {
  return searchSchema(max).parse(params.q);
}

type Props = {
  /** The search landmark's name: "Search tokens". */
  label: string;
  /** The field's label: "Search descriptions". */
  fieldLabel: string;
  id: string;
  value?: string;
  maxLength: number;
  /** The list's order, kept by the search. */
  sort?: SortState<string>;
};

/** A list's search: a GET form (`?q=`), so it works without script; a new search starts at the first page. */
export function SearchForm({ label, fieldLabel, id, value, maxLength, sort }: Props) {
  return (
    <form method="get" role="search" aria-label={label} className="flex items-end gap-2">
      <div>
        <label htmlFor={id} className="label">
          {fieldLabel}
        </label>
        <input id={id} name="q" type="search" className="input" defaultValue={value} maxLength={maxLength} />
      </div>
      {sort && <input type="hidden" name="sort" value={sort.by} />}
      {sort && <input type="hidden" name="order" value={sort.order} />}
      <button type="submit" className="btn-secondary">
        Search
      </button>
    </form>
  );
}
