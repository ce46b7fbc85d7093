import { z } from 'zod';

/** Account names are namespaces: lowercase, 2–64 characters, separators only between parts (SPEC 3). */
export const accountNameSchema = z
  .string()
  .min(2, 'Name must be at least 2 characters')
  .max(64, 'Name must be at most 64 characters')
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'Use lowercase letters, digits, and . _ - between them');

/** Repository names follow the distribution registry's path-component rule. */
export const repositoryNameSchema = z
  .string()
  .min(1, 'Name is required')
  .max(255, 'Name must be at most 255 characters')
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/, 'Use lowercase letters, digits, and . _ - between them');

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// With the u flag a surrogate pair is one code point, so only an unpaired surrogate matches.
const UNPAIRED_SURROGATE = /[\ud800-\udfff]/u;

/**
 * Text a person types: a name, a label, a description. Control characters are refused (PostgreSQL
 * cannot store NUL; the others only hide what the text says), tab and line breaks too unless the
 * text has several lines; so are unpaired UTF-16 surrogates, which are not Unicode and would be
 * stored as U+FFFD instead of what was sent. Everything else is kept exactly as sent.
 */
export function plainText(max: number, opts: { trim?: boolean; multiline?: boolean } = {}) {
  const control = opts.multiline ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS;
  return (opts.trim ? z.string().trim() : z.string())
    .max(max, `Must be at most ${max} characters`)
    .refine((v) => !control.test(v), 'Cannot contain control characters')
    .refine((v) => !UNPAIRED_SURROGATE.test(v), 'Must be valid Unicode text');
}

export const tokenLabelSchema = plainText(100, { trim: true });
export const fullNameSchema = plainText(200, { trim: true });
export const teamDescriptionSchema = plainText(140, { trim: true });
export const shortDescriptionSchema = plainText(140);
export const longDescriptionSchema = plainText(100_000, { multiline: true });

/**
 * A moment in ISO 8601, a date or a time with its offset, in the years 1 to 9999 of UTC: an offset can
 * carry `9999-12-31T23:59-23:59` into the year 10000, which the database cannot read.
 */
export const momentSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => new Date(v))
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, 'Must be within the years 1 to 9999');

/** An optional moment in the future: a token that expires in the past is a mistake. */
export const expiresAtSchema = momentSchema.refine((d) => d.getTime() > Date.now(), 'Expiry must be in the future');

/**
 * The cursor of lists in time order. It keeps the database's own text of the timestamp
 * (`2026-11-29 03:01:08.251234+00`): a JavaScript Date keeps only milliseconds, and rounding would
 * skip rows at a page boundary.
 */
export const timeCursorSchema = z.object({
  at: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/),
  id: z.uuid(),
});
export type TimeCursor = z.infer<typeof timeCursorSchema>;

/** The direction of a list's sort, as the address bar spells it (`?order=asc`). */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
