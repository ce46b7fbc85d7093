// What Berth keeps about a repository's contents (SPEC 11): who pushed each tag and when, and the
// details of each manifest digest read from the registry (a digest's content never changes).
import { bigint, index, jsonb, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { repositories } from './schema';

/** The last push of each tag that went through Berth's proxy. */
export const tagPushes = pgTable(
  'tag_pushes',
  {
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    tag: varchar('tag', { length: 128 }).notNull(),
    digest: varchar('digest', { length: 160 }).notNull(),
    /** The account whose credential made the push. */
    pusherName: varchar('pusher_name', { length: 64 }).notNull(),
    /** `password` or `token`: the kind of credential behind the push. */
    pusherKind: varchar('pusher_kind', { length: 16 }).notNull(),
    firstPushedAt: timestamp('first_pushed_at', { withTimezone: true }).notNull().defaultNow(),
    pushedAt: timestamp('pushed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.repositoryId, t.tag] }), index('tag_pushes_pushed_idx').on(t.repositoryId, t.pushedAt)],
);

/**
 * Every manifest and blob pushed into a repository through the proxy, so that deleting the
 * repository can delete all of it upstream, tagged or not (a re-created name reads nothing of it).
 */
export const pushedDigests = pgTable(
  'pushed_digests',
  {
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    digest: varchar('digest', { length: 160 }).notNull(),
    /** `manifest` or `blob`. */
    kind: varchar('kind', { length: 8 }).notNull(),
    pushedAt: timestamp('pushed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.repositoryId, t.digest] })],
);

export type Platform = { os: string; architecture: string; variant?: string; digest: string; size: number };

/** A manifest's details by digest: size (config plus layers), platforms, media type. */
export const manifestDetails = pgTable('manifest_details', {
  digest: varchar('digest', { length: 160 }).primaryKey(),
  mediaType: varchar('media_type', { length: 128 }).notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  os: varchar('os', { length: 32 }).notNull().default(''),
  architecture: varchar('architecture', { length: 32 }).notNull().default(''),
  platforms: jsonb('platforms').$type<Platform[]>().notNull().default([]),
  /** The image's `created` time from its config, when it says one. */
  imageCreatedAt: timestamp('image_created_at', { withTimezone: true }),
  cachedAt: timestamp('cached_at', { withTimezone: true }).notNull().defaultNow(),
});

export type TagPush = typeof tagPushes.$inferSelect;
export type ManifestDetails = typeof manifestDetails.$inferSelect;
