// Where the token details' Cancel and Save come back to: the list's own search, order and page, from
// an address a form sent back, and nothing else of it (no other host, path or parameter).
import { describe, expect, it } from 'vitest';
import { tokenListHref, tokenListHrefFrom } from './list-href';

const TAB = '/users/ann/profile/access-tokens';

describe('tokenListHref', () => {
  it('keeps the search, the order and the page', () => {
    expect(tokenListHref('ann', { q: 'ci', sort: 'expires', order: 'desc', pageStart: 'abc' })).toBe(`${TAB}?q=ci&pageStart=abc&sort=expires&order=desc`);
  });

  it('gives the default order, and drops what the page itself would not use', () => {
    expect(tokenListHref('ann', {})).toBe(`${TAB}?sort=created&order=desc`);
    expect(tokenListHref('ann', { q: 'a\u0000b', sort: 'hashed_token', token: 'x', saved: 'y', delete: 'z' })).toBe(`${TAB}?sort=created&order=desc`);
    expect(tokenListHref('ann', { q: 'x'.repeat(101), pageStart: 'p'.repeat(1025) })).toBe(`${TAB}?sort=created&order=desc`);
  });
});

describe('tokenListHrefFrom', () => {
  it('reads only the query of the address sent back', () => {
    expect(tokenListHrefFrom('ann', `${TAB}?q=kept&sort=created&order=asc&token=abc`)).toBe(`${TAB}?q=kept&sort=created&order=asc`);
    expect(tokenListHrefFrom('ann', 'https://evil.example/elsewhere?sort=lastUsed')).toBe(`${TAB}?sort=lastUsed&order=desc`);
    expect(tokenListHrefFrom('ann', '//evil.example')).toBe(`${TAB}?sort=created&order=desc`);
    expect(tokenListHrefFrom('ann', '')).toBe(`${TAB}?sort=created&order=desc`);
  });

  it('keeps the search encoded', () => {
    expect(tokenListHrefFrom('ann', '?q=a%26sort%3Dx&sort=expires')).toBe(`${TAB}?q=a%26sort%3Dx&sort=expires&order=asc`);
  });
});
