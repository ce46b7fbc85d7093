/** What a `/v2/…` path asks for, following the distribution API's routes. */
export type RegistryRoute =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'upload'; name: string; uuid?: string }
  | { kind: 'tags'; name: string }
  | { kind: 'referrers'; name: string; digest: string };

const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*';
/** A repository name as the distribution API spells it (path components of lowercase words). */
export const REPOSITORY_NAME = new RegExp(`^${NAME}$`);
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[a-zA-Z0-9=_-]+';
const TAG = '[\\w][\\w.-]{0,127}';

// Order matters as in distribution's router: an upload path is not a blob whose digest is "uploads".
const PATTERNS: [RegExp, (m: RegExpExecArray) => RegistryRoute][] = [
  [new RegExp(`^(${NAME})/manifests/(${TAG}|${DIGEST})$`), (m) => ({ kind: 'manifest', name: m[1], reference: m[2] })],
  [new RegExp(`^(${NAME})/tags/list$`), (m) => ({ kind: 'tags', name: m[1] })],
  [new RegExp(`^(${NAME})/blobs/uploads/?$`), (m) => ({ kind: 'upload', name: m[1] })],
  [new RegExp(`^(${NAME})/blobs/uploads/([A-Za-z0-9._=-]+)$`), (m) => ({ kind: 'upload', name: m[1], uuid: m[2] })],
  [new RegExp(`^(${NAME})/blobs/(${DIGEST})$`), (m) => ({ kind: 'blob', name: m[1], digest: m[2] })],
  [new RegExp(`^(${NAME})/referrers/(${DIGEST})$`), (m) => ({ kind: 'referrers', name: m[1], digest: m[2] })],
];

/** `rest` is the path after `/v2/`, undecoded. Null for a path that is no registry route. */
export function parseRegistryPath(rest: string): RegistryRoute | null {
  if (rest === '') return { kind: 'base' };
  if (rest === '_catalog') return { kind: 'catalog' };
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(rest);
    if (match) return build(match);
  }
  return null;
}

/**
 * The query of a request, parsed as the registry parses it (`&`-separated, percent- and
 * plus-decoded); the proxy forwards only this, serialized again, never the client's text. Null when
 * a parameter repeats: the registry reads the first of them, so what was authorized would be unclear.
 */
export function parseQuery(query: string): URLSearchParams | null {
  const params = new URLSearchParams(query);
  const names = [...params.keys()];
  return new Set(names).size === names.length ? params : null;
}

/** A manifest reference that is a tag rather than a digest. */
export const isTag = (reference: string) => !reference.includes(':');
