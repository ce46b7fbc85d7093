// Where a sign-in may lead (SPEC 10, "Redirects stay home"): only to a path of this site. An open
// redirect hands a freshly signed-in user to a look-alike site, so anything that a URL parser or a
// browser could read as another origin goes to the default instead.

export const DEFAULT_AFTER_SIGN_IN = '/repositories';

const DUMMY_ORIGIN = 'https://berth.invalid';
const MAX_LENGTH = 2048;

/**
 * Visible ASCII only, with no backslash: browsers turn `\` into `/` in a path, and drop tabs and
 * newlines anywhere, so `/\evil`, `/<tab>/evil` and `/<newline>/evil` all read as `//evil`.
 */
const PLAIN_TEXT = /^[\x21-\x5b\x5d-\x7e]*$/;

/**
 * Percent-encodings a path of ours never needs, and that a parser or a server in between may decode
 * into something that moves the path: a dot (`/%2e%2e//evil` is `/..//evil` to the WHATWG parser),
 * a slash or backslash (`/%5cevil`), a control character, or `%` itself (double encoding).
 */
const MOVING_ENCODING = /%(2e|2f|5c|25|[01][0-9a-f]|7f)/i;

/** A segment `.` or `..`: resolving it changes the path (`/..//evil` becomes `//evil`). */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

function isPlainPath(candidate: string): boolean {
  if (candidate.length > MAX_LENGTH || !PLAIN_TEXT.test(candidate)) return false;
  // One slash, then not another: `//host` is a network-path reference.
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return false;
  const path = candidate.split(/[?#]/, 1)[0];
  return !DOT_SEGMENT.test(path) && !MOVING_ENCODING.test(path) && !/%(?![0-9a-f]{2})/i.test(path);
}

/** The path, query and fragment of `candidate` resolved against our dummy origin, if it stays there. */
function resolvedOnSite(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate, DUMMY_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== DUMMY_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The answer must read the same way once more: a browser resolves the Location we send.
  if (path.startsWith('//') || new URL(path, DUMMY_ORIGIN).origin !== DUMMY_ORIGIN) return null;
  return path;
}

/**
 * The path a sign-in leads to: `next` when it is a plain path of this site, else `/repositories`.
 * Accepts whatever a form or query holds (a string, a File, an array, nothing).
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !isPlainPath(next)) return DEFAULT_AFTER_SIGN_IN;
  return resolvedOnSite(next) ?? DEFAULT_AFTER_SIGN_IN;
}

/**
 * next-auth's `redirect` callback: its `callbackUrl` arrives as a path or as an absolute URL of our
 * own origin; either way only a plain path of this site is kept. Never throws (next-auth's default
 * does, with a 500, on a `callbackUrl` that is no URL at all).
 */
export function safeCallbackUrl(url: string, baseUrl: string): string {
  const own = url === baseUrl || url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) || '/' : url;
  return `${baseUrl}${safeNextPath(own)}`;
}
