// Repository restriction (SPEC 12): a token may be confined to repository names (`acme/app`) and
// namespace patterns (`acme/*`), on top of its scope and its owner's live permissions. The
// effective-access SQL applies it (lib/repositories/queries.ts); this file says what a pattern is.
import { z } from 'zod';
import type { Principal } from '@/lib/auth/principal';

const NAMESPACE = '[a-z0-9]+(?:[._-][a-z0-9]+)*';
const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATTERN = new RegExp(`^(${NAMESPACE})/(${NAME}|\\*)$`);

/** The most patterns one token may carry. */
export const MAX_RESTRICTIONS = 100;

/** `namespace/name` or `namespace/*`, with the namespace and name rules of accounts and repositories. */
export const repositoryPatternSchema = z
  .string()
  .max(64 + 1 + 255, 'A repository pattern is at most 320 characters')
  .refine((v) => {
    const match = PATTERN.exec(v);
    return !!match && match[1].length >= 2 && match[1].length <= 64 && match[2].length <= 255;
  }, 'Use namespace/name or namespace/* (lowercase letters, digits, and . _ - between them)');

/** A token's restriction as sent: duplicates dropped, kept sorted; empty means unrestricted. */
export const repositoriesSchema = z
  .array(repositoryPatternSchema)
  .max(MAX_RESTRICTIONS, `At most ${MAX_RESTRICTIONS} repositories`)
  .transform((list) => [...new Set(list)].sort());

/** The patterns of a form field: one per line, or separated by commas or spaces. */
export const splitPatterns = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The principal's restriction, or null when its credential reaches every repository. */
export function restrictionOf(principal: Principal | null): string[] | null {
  if (!principal || principal.credential.kind !== 'token' || principal.credential.repositories.length === 0) return null;
  return principal.credential.repositories;
}

/** Exact names and whole namespaces, as the SQL matches them. */
export function restrictionParts(patterns: readonly string[]): { names: string[]; namespaces: string[] } {
  const names: string[] = [];
  const namespaces: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) namespaces.push(pattern.slice(0, -2));
    else names.push(pattern);
  }
  return { names, namespaces };
}

/** The restriction as the two JSON arrays the effective-access SQL matches against; undefined when unrestricted. */
export function restrictionValues(principal: Principal) {
  const patterns = restrictionOf(principal);
  if (!patterns) return undefined;
  const { names, namespaces } = restrictionParts(patterns);
  return { names: JSON.stringify(names), namespaces: JSON.stringify(namespaces) };
}

/** Whether the principal's restriction (if any) reaches `namespace/name`. */
export function restrictionAllows(principal: Principal | null, namespace: string, name: string): boolean {
  const patterns = restrictionOf(principal);
  return !patterns || patterns.some((p) => p === `${namespace}/${name}` || p === `${namespace}/*`);
}
