import { index, integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { accessTokens } from './schema';

/**
 * Secrets a rotation replaced (SPEC 12, decision 030), kept by hash for as long as their token lives:
 * the previous generation works until the token's `rotating_until`; any of them presented later is
 * refused and audited as `token.reuse_after_rotation`.
 */
export const retiredTokenSecrets = pgTable(
  'retired_token_secrets',
  {
    hashedToken: varchar('hashed_token', { length: 64 }).primaryKey(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => accessTokens.id, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    /** `brt_…` plus the last four characters of the retired secret. */
    hint: varchar('hint', { length: 16 }).notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('retired_token_secrets_token_idx').on(t.tokenId)],
);

export type RetiredTokenSecret = typeof retiredTokenSecrets.$inferSelect;
