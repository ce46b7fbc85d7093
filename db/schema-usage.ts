// Token usage per day (SPEC 12, "Usage"): counted in memory by lib/access-tokens/usage.ts and added
// here in batches. Kept 90 days; a token's rows go with it.
import { date, index, integer, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { accessTokens } from './schema';

const tokenId = () =>
  uuid('token_id')
    .notNull()
    .references(() => accessTokens.id, { onDelete: 'cascade' });
/** A UTC calendar day, as `YYYY-MM-DD`. */
const day = () => date('day', { mode: 'string' }).notNull();
const counter = (name: string) => integer(name).notNull().default(0);

export const tokenUsageDays = pgTable(
  'token_usage_days',
  {
    tokenId: tokenId(),
    day: day(),
    pulls: counter('pulls'),
    pushes: counter('pushes'),
    apiCalls: counter('api_calls'),
    signIns: counter('sign_ins'),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.day] }), index('token_usage_days_day_idx').on(t.day)],
);

/** One row per token, day and client address: a day's distinct addresses, and the last ones seen. */
export const tokenUsageIps = pgTable(
  'token_usage_ips',
  {
    tokenId: tokenId(),
    day: day(),
    ip: varchar('ip', { length: 64 }).notNull(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.day, t.ip] }),
    index('token_usage_ips_day_idx').on(t.day),
    index('token_usage_ips_last_seen_idx').on(t.tokenId, t.lastSeen),
  ],
);

export type TokenUsageDay = typeof tokenUsageDays.$inferSelect;
