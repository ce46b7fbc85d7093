import { index, jsonb, pgTable, timestamp, uuid, varchar, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { accounts } from './schema';

/**
 * Trusted publishing (SPEC 12, decision 047): an OIDC issuer and audience whose ID tokens, when their
 * claims meet the conditions, are exchanged for a 15-minute token of `account`, confined to
 * `repositories` and `scope`.
 */
export const oidcTrusts = pgTable(
  'oidc_trusts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issuer: varchar('issuer', { length: 512 }).notNull(),
    audience: varchar('audience', { length: 256 }).notNull(),
    /** Claim name to an exact value or a `*` glob. */
    conditions: jsonb('conditions').$type<Record<string, string>>().notNull().default({}),
    repositories: jsonb('repositories').$type<string[]>().notNull(),
    scope: varchar('scope', { length: 16 }).notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdBy: varchar('created_by', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('oidc_trusts_issuer_idx').on(t.issuer),
    index('oidc_trusts_account_idx').on(t.accountId),
    check('oidc_trusts_scope_check', sql`${t.scope} in ('admin', 'read-write', 'read-only')`),
  ],
);

export type OidcTrust = typeof oidcTrusts.$inferSelect;
