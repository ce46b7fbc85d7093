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

export const tokenLabelSchema = z
  .string()
  .trim()
  .max(100, 'Description must be at most 100 characters')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Description cannot contain control characters');

/** An optional moment in the future: a token that expires in the past is a mistake. */
export const expiresAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() > Date.now(), 'Expiry must be in the future');
