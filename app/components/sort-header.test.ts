// The order a list page reads from its address: anything unusable means the default, never an error.
import { describe, expect, it } from 'vitest';
import { sortFrom, sortHref } from '@/app/components/sort-header';
import { DEFAULT_TOKEN_SORT, TOKEN_SORT_FIRST_ORDER } from '@/lib/access-tokens/sort';

const tokenSort = (params: Record<string, string | string[] | undefined>) => sortFrom(params, TOKEN_SORT_FIRST_ORDER, DEFAULT_TOKEN_SORT.by);

describe('sortFrom', () => {
  it('reads a column and a direction', () => {
    expect(tokenSort({ sort: 'lastUsed', order: 'asc' })).toEqual({ by: 'lastUsed', order: 'asc' });
  });

  it('gives a column without a usable direction its first one', () => {
    expect(tokenSort({ sort: 'expires' })).toEqual({ by: 'expires', order: 'asc' });
    expect(tokenSort({ sort: 'lastUsed', order: 'sideways' })).toEqual({ by: 'lastUsed', order: 'desc' });
  });

  it('means the default for anything else: no sort, an unknown column, repeated parameters', () => {
    expect(tokenSort({})).toEqual(DEFAULT_TOKEN_SORT);
    expect(tokenSort({ sort: 'hashed_token', order: 'desc' })).toEqual(DEFAULT_TOKEN_SORT);
    expect(tokenSort({ sort: ['created', 'expires'], order: ['asc', 'desc'] })).toEqual(DEFAULT_TOKEN_SORT);
    expect(tokenSort({ sort: 'toString' })).toEqual(DEFAULT_TOKEN_SORT);
  });
});

describe('sortHref', () => {
  it('keeps the search, drops what is not kept (the page cursor), and sets the order', () => {
    expect(sortHref('/users', { q: 'ann lee' }, 'name', 'desc')).toBe('/users?q=ann+lee&sort=name&order=desc');
    expect(sortHref('/users', { q: undefined }, 'created', 'asc')).toBe('/users?sort=created&order=asc');
  });
});
