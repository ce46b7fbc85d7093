import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl, safeNextPath } from '@/lib/auth/redirect';

const SITE = 'https://berth.example';

/** Where a browser goes with this Location: it drops tabs and newlines and reads `\` as `/` first. */
function browserDestination(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, '').replace(/\\/g, '/'), SITE);
}

/** Every way to leave the site that an attacker would put in `?next=`. */
const LEAVING = [
  '//evil.example',
  '///evil.example',
  '/..//evil.example',
  '/.//evil.example',
  '/./..//evil.example',
  '/a/../..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E//evil.example',
  '/%2e//evil.example',
  '/.%2e//evil.example',
  '/%2e.//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  '/a\\..\\..\\/evil.example',
  '/%5cevil.example',
  '/%5Cevil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/%252e%252e//evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%00/evil.example',
  '/\u0000/evil.example',
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'https://evil.example/',
  'http:evil.example',
  'https:/evil.example',
  'evil.example',
  '//exa mple',
  '/\u3000/evil.example',
  '/\uff0f/evil.example',
  '',
  '/'.repeat(3000),
];

describe('safeNextPath', () => {
  it.each(LEAVING)('sends %j to /repositories', (next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it('keeps a plain path of this site, with its query and fragment', () => {
    for (const path of [
      '/repositories',
      '/repositories/acme/app',
      '/repositories/acme/app/settings?tab=teams#access',
      '/repositories?q=acme%2Fapp&namespace=acme',
      '/users/alice/profile/access-tokens',
      '/organizations/acme/teams/build-team',
      '/a..b/c.d/.hidden',
      '/',
    ]) {
      expect(safeNextPath(path), path).toBe(path);
    }
  });

  it('answers the default for anything that is not a string', () => {
    for (const next of [undefined, null, 1, ['/repositories/x'], { toString: () => '/x' }, new Blob(['/x'])]) {
      expect(safeNextPath(next)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  // fast-check's strings, and strings made of the pieces that move a URL, in any order.
  const pieces = fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2E', '%2f', '%5c', '%25', '%09', '\t', '\n', '\r', ' ', '\u0000', ':', '@', '?', '#', 'evil.example', 'javascript:', 'https:', 'a', '%', '\u3000', '\uff0f', '\u2215');
  const urlish = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));
  const anything = fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), urlish, urlish.map((s) => `/${s}`));

  it('always answers a path that stays on the site, for a parser and for a browser alike', () => {
    fc.assert(
      fc.property(anything, (next) => {
        const path = safeNextPath(next);
        expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
        expect(path).not.toMatch(/[\\\t\n\r\u0000-\u001f\u007f]/);
        expect(new URL(path, SITE).host).toBe('berth.example');
        expect(browserDestination(path).host).toBe('berth.example');
        // The answer is itself a plain path: deciding it again changes nothing.
        expect(safeNextPath(path)).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('safeCallbackUrl (next-auth)', () => {
  it('keeps a path or an absolute URL of our origin, and nothing else', () => {
    expect(safeCallbackUrl('/repositories/acme/app', SITE)).toBe(`${SITE}/repositories/acme/app`);
    expect(safeCallbackUrl(`${SITE}/users/alice/profile`, SITE)).toBe(`${SITE}/users/alice/profile`);
    expect(safeCallbackUrl(SITE, SITE)).toBe(`${SITE}/`);
    for (const url of ['https://evil.example/', `${SITE}.evil.example/`, `${SITE}@evil.example/`, `${SITE}//evil.example`, '/..//evil.example', 'not a url', '']) {
      expect(safeCallbackUrl(url, SITE), url).toBe(`${SITE}${DEFAULT_AFTER_SIGN_IN}`);
    }
  });

  it('never throws and never leaves the origin', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), fc.webUrl()), (url) => {
        expect(new URL(safeCallbackUrl(url, SITE)).origin).toBe(SITE);
      }),
    );
  });
});
