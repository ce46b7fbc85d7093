import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Users and organizations share one namespace of names (SPEC 3). */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 64 }).notNull(),
    fullName: varchar('full_name', { length: 200 }).notNull().default(''),
    isOrg: boolean('is_org').notNull().default(false),
    isAdmin: boolean('is_admin').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    passwordHash: text('password_hash'),
    /** Bumped when the password changes: sessions carrying an older version end. */
    credentialsVersion: integer('credentials_version').notNull().default(1),
    /** The last deactivation: sessions and registry JWTs issued before it never work again. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_name_key').on(t.name),
    // The console's Users and Organizations lists (decision 049): each kind in name or creation order,
    // and the name-prefix search, in the "C" collation whatever the database's, for name and full name.
    index('accounts_kind_name_idx').on(t.isOrg, t.name),
    index('accounts_kind_created_idx').on(t.isOrg, t.createdAt, t.id),
    index('accounts_name_prefix_idx').on(t.isOrg, sql`(${t.name} collate "C")`),
    index('accounts_full_name_prefix_idx').on(t.isOrg, sql`(lower(${t.fullName}) collate "C")`),
  ],
);

export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hashedToken: varchar('hashed_token', { length: 64 }).notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenLabel: varchar('token_label', { length: 100 }).notNull().default(''),
    /** `brt_…` plus the last four characters, so a user can tell tokens apart. */
    hint: varchar('hint', { length: 16 }).notNull(),
    isActive: boolean('is_active').notNull().default(true),
    scope: varchar('scope', { length: 16 }).notNull().default('admin'),
    /** A temporary password an admin made for a locked-out user (SPEC 10): the only kind that resets a password. */
    temporary: boolean('temporary').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    generatedBy: varchar('generated_by', { length: 64 }).notNull(),
    creatorUa: varchar('creator_ua', { length: 512 }).notNull().default(''),
    lastUsed: timestamp('last_used', { withTimezone: true }),
    lastUsedIp: varchar('last_used_ip', { length: 64 }),
    /** The last deactivation: sessions and registry JWTs issued before it never work again. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    /** Repository names and `namespace/*` patterns the token is confined to; empty: unrestricted (SPEC 12). */
    repositories: jsonb('repositories').$type<string[]>().notNull().default([]),
    /** Bumped by each rotation; sessions and JWTs remember the generation of the secret they came from. */
    secretGeneration: integer('secret_generation').notNull().default(1),
    /** The end of the grace period in which the previous generation's secret still works (decision 030). */
    rotatingUntil: timestamp('rotating_until', { withTimezone: true }),
    /** When a secret-scanning partner reported the token found in public, and where (SPEC 12, leak response). */
    leakedAt: timestamp('leaked_at', { withTimezone: true }),
    leakUrl: varchar('leak_url', { length: 2048 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('access_tokens_hashed_token_key').on(t.hashedToken),
    index('access_tokens_owner_created_idx').on(t.ownerId, t.createdAt, t.id),
    index('access_tokens_created_idx').on(t.createdAt, t.id),
    // One owner's list by last use and by expiry (decision 048): never as '-infinity' and 'infinity'.
    index('access_tokens_owner_last_used_idx').on(t.ownerId, sql`coalesce(${t.lastUsed}, '-infinity'::timestamptz)`, t.id),
    index('access_tokens_owner_expires_idx').on(t.ownerId, sql`coalesce(${t.expiresAt}, 'infinity'::timestamptz)`, t.id),
    // The credentials inventory's filters (SPEC 12), each served by an index of its own.
    index('access_tokens_unused_since_idx').on(sql`coalesce(${t.lastUsed}, ${t.createdAt})`),
    index('access_tokens_never_used_idx').on(t.createdAt, t.id).where(sql`${t.lastUsed} is null`),
    index('access_tokens_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    index('access_tokens_generated_by_idx').on(t.generatedBy, t.createdAt, t.id),
    index('access_tokens_scope_idx').on(t.scope, t.createdAt, t.id),
    index('access_tokens_temporary_idx').on(t.createdAt, t.id).where(sql`${t.temporary}`),
    check('access_tokens_scope_check', sql`${t.scope} in ('admin', 'read-write', 'read-only')`),
  ],
);

/** `namespace/name` in the registry's byte order, as `_catalog` sorts it. */
const repositoryFullName = sql`(("namespace" || '/' || "name") collate "C")`;

export const repositories = pgTable(
  'repositories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    namespaceId: uuid('namespace_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Denormalised namespace name: the list order is (namespace, name) and it never changes. */
    namespace: varchar('namespace', { length: 64 }).notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    shortDescription: varchar('short_description', { length: 140 }).notNull().default(''),
    longDescription: text('long_description').notNull().default(''),
    visibility: varchar('visibility', { length: 8 }).notNull().default('private'),
    pulls: integer('pulls').notNull().default(0),
    pushes: integer('pushes').notNull().default(0),
    /** A push that would move an existing tag is refused (SPEC 11). */
    immutableTags: boolean('immutable_tags').notNull().default(false),
    /** 0: no limit; beyond it the oldest tags are deleted after a push (SPEC 11). */
    tagLimit: integer('tag_limit').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('repositories_namespace_name_key').on(t.namespace, t.name),
    // Lists read each source of visible repositories in order (decision 020): a namespace's, the
    // public ones, and by the registry's byte order of full names for the catalog.
    index('repositories_namespace_id_name_idx').on(t.namespaceId, t.namespace, t.name),
    index('repositories_visibility_idx').on(t.visibility, t.namespace, t.name),
    index('repositories_full_name_idx').on(repositoryFullName),
    index('repositories_namespace_id_full_name_idx').on(t.namespaceId, repositoryFullName),
    index('repositories_public_full_name_idx').on(repositoryFullName).where(sql`visibility = 'public'`),
    check('repositories_visibility_check', sql`${t.visibility} in ('public', 'private')`),
  ],
);

/** Members of an organization; org admins manage its members, teams and repositories. */
export const orgMembers = pgTable(
  'org_members',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('org_members_user_idx').on(t.userId)],
);

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 64 }).notNull(),
    description: varchar('description', { length: 140 }).notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_org_name_key').on(t.orgId, t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** A team's access level to one repository of its organization. */
export const teamRepositoryAccess = pgTable(
  'team_repository_access',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    accessLevel: varchar('access_level', { length: 16 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.repositoryId] }),
    index('team_repository_access_repository_idx').on(t.repositoryId),
    check('team_repository_access_level_check', sql`${t.accessLevel} in ('read-only', 'read-write', 'admin')`),
  ],
);

/**
 * What happened, who did it and with which credential. Written in the transaction of the change it
 * records; a token appears only by its `brt_…` hint.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: varchar('action', { length: 64 }).notNull(),
    actor: varchar('actor', { length: 64 }),
    credential: varchar('credential', { length: 32 }),
    targetType: varchar('target_type', { length: 32 }).notNull(),
    target: varchar('target', { length: 255 }).notNull(),
    ip: varchar('ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 512 }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_actor_idx').on(t.actor, t.at),
    index('audit_events_action_idx').on(t.action, t.at),
    index('audit_events_target_idx').on(t.targetType, t.target, t.at),
    // No index for the rate limits: they count in auth_limits and never read this table (decision 025).
  ],
);

/**
 * Web sessions (SPEC 10, "Sessions are revocable"): the session cookie names its row, every request
 * checks it, sign-out and Revoke delete it, and it ends 12 hours after the sign-in whatever happens.
 */
export const webSessions = pgTable(
  'web_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The token the session was started with; none for a password. */
    tokenId: uuid('token_id').references(() => accessTokens.id, { onDelete: 'cascade' }),
    /** The generation of the token's secret the session was started with (rotation, decision 030). */
    tokenGeneration: integer('token_generation').notNull().default(1),
    credentialsVersion: integer('credentials_version').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: varchar('ip', { length: 64 }).notNull().default(''),
    userAgent: varchar('user_agent', { length: 512 }).notNull().default(''),
  },
  (t) => [
    index('web_sessions_user_idx').on(t.userId, t.createdAt),
    index('web_sessions_token_idx').on(t.tokenId),
    index('web_sessions_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Counted credential attempts, one row per key (`ip:<address>`, `user:<recorded name>`,
 * `pair:<recorded name>|<address>`), shared by every instance: the lockout and the rate limits of
 * SPEC 8 and 10. An attempt is reserved here (`in_flight`) before its password is checked, so a burst
 * of any size decides at most the configured number (lib/auth/attempts.ts).
 */
export const authLimits = pgTable(
  'auth_limits',
  {
    key: varchar('key', { length: 160 }).primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
    windowFailures: integer('window_failures').notNull().default(0),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    inFlight: integer('in_flight').notNull().default(0),
    inFlightAt: timestamp('in_flight_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_limits_updated_idx').on(t.updatedAt)],
);

/** Generated secrets (session signing key, registry signing key), shared by every instance. */
export const settings = pgTable('settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type Token = typeof accessTokens.$inferSelect;
export type NewToken = typeof accessTokens.$inferInsert;
export type Repository = typeof repositories.$inferSelect;
export type NewRepository = typeof repositories.$inferInsert;
export type OrgMember = typeof orgMembers.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type WebSession = typeof webSessions.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type NewTeam = typeof teams.$inferInsert;
