// The address of the Access Tokens tab as a user left it (search, order, page): built from the page's
// own parameters, or from an address the page handed to a form and got back.
import { cursorIn, type SearchParams } from '@/app/components/pager';
import { searchIn } from '@/app/components/search-form';
import { sortFrom, sortHref } from '@/app/components/sort-header';
import { DEFAULT_TOKEN_SORT, TOKEN_SORT_FIRST_ORDER } from '@/lib/access-tokens/sort';

/** The search's longest text (the tab's search field). */
export const TOKEN_SEARCH_MAX = 100;

/**
 * The Access Tokens tab as the address shows it: its search, order and page, each validated (whatever is
 * unusable falls back as the page itself does). Where View details, Cancel, Save and the script-less
 * Delete come back to.
 */
export function tokenListHref(username: string, params: SearchParams): string {
  const sort = sortFrom(params, TOKEN_SORT_FIRST_ORDER, DEFAULT_TOKEN_SORT.by);
  const keep = { q: searchIn(params, TOKEN_SEARCH_MAX), pageStart: cursorIn(params, 'pageStart') };
  return sortHref(`/users/${username}/profile/access-tokens`, keep, sort.by, sort.order);
}

/** The parameters of an address's query (none without one); its host and path are not read. */
export function queryOf(address: string): URLSearchParams {
  return new URLSearchParams(address.includes('?') ? address.slice(address.indexOf('?') + 1) : '');
}

/** The same from a list address a form sent back (a hidden field): only its query counts. */
export function tokenListHrefFrom(username: string, address: string): string {
  return tokenListHref(username, Object.fromEntries(queryOf(address)));
}
