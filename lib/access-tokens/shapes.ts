// What the token API answers (SPEC 5): apiToken() builds these, and the OpenAPI document
// (lib/api/openapi/) describes the same schemas.
import { z } from 'zod';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';

const moment = z.iso.datetime();

/** MSR's APIToken. */
export const apiTokenSchema = z.object({
  hashedToken: z.string().regex(/^[0-9a-f]{64}$/),
  tokenLabel: z.string(),
  isActive: z.boolean(),
  lastUsed: moment.nullable(),
  createdAt: moment,
  generatedBy: z.string(),
  creatorUa: z.string(),
  username: z.string(),
  expiresAt: moment.nullable(),
  scope: z.enum(TOKEN_SCOPES),
  lastUsedIp: z.string().nullable(),
  /** A temporary password for a locked-out user (SPEC 10). */
  temporary: z.boolean(),
  /** Repository names and `namespace/*` patterns the token is limited to; empty: unrestricted (SPEC 12). */
  repositories: z.array(z.string()),
  /** While a rotation's grace period runs: when the old secret stops working (SPEC 12). */
  rotatingUntil: moment.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The creation answer: the only one that carries the plaintext `token`. */
export const newApiTokenSchema = apiTokenSchema.extend({ token: z.string().regex(/^brt_[0-9A-Za-z]{42}$/) });

/** `GET /api/v0/api_tokens/{hashedToken}/usage` (SPEC 12): every day of the window, oldest first. */
export const tokenUsageSchema = z.object({
  days: z.array(
    z.object({
      date: z.iso.date(),
      pulls: z.int().min(0),
      pushes: z.int().min(0),
      apiCalls: z.int().min(0),
      signIns: z.int().min(0),
      ips: z.int().min(0).describe('Distinct client addresses that day'),
    }),
  ),
  lastUsedFrom: z.array(z.object({ ip: z.string(), lastSeen: moment })).describe('The last few distinct addresses, newest first'),
});
