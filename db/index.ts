import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { config } from '@/lib/config';
import { createDataDirApart, pgliteStartParams } from './pglite-options';
import { withPreparedStatements } from './pglite-prepared';
import { ReadCache } from './read-cache';
import { startupSafeSockets } from './socket';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The database or a transaction: what every write query runs on. */
export type Executor = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

/**
 * Listens on a channel of PostgreSQL's LISTEN/NOTIFY, on a connection of its own: `onNotify` for each
 * notification, `onListen` each time the listening starts (again, after a lost connection: what was
 * sent meanwhile is lost). Answers how to stop.
 */
export type Listen = (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<() => Promise<void>>;

type Client = {
  db: Db;
  kind: 'pglite' | 'postgres';
  ping: () => Promise<void>;
  close: () => Promise<void>;
  listen?: Listen;
  /** Reads kept until the next write: only where this process is the database's only client (PGlite). */
  readCache?: ReadCache;
};

function open(): Client {
  if (config.databaseUrl) {
    // The database away (SPEC 10, test/integration/database-unreachable.test.ts): a server that does not
    // answer fails a request in 10 s (503, lib/errors.ts), not the 30 s default; one that closes at
    // once fails it at once (db/socket.ts). postgres.js opens connections as queries need them, so it
    // reconnects by itself once the server is back, with no restart; its own backoff grows to 20 s
    // between attempts after an outage, ours stops at one.
    const options = {
      max: 10,
      connect_timeout: 10,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      onnotice: () => {},
      socket: startupSafeSockets(),
    };
    const sql = postgres(config.databaseUrl, options as postgres.Options<Record<string, never>>);
    // Drizzle sends its queries unprepared, so PostgreSQL plans every one again (for the repository
    // list, planning costs more than running). Our query texts are a small fixed set: let
    // postgres.js prepare each once per connection and reuse it.
    const unsafe = sql.unsafe.bind(sql);
    sql.unsafe = ((query, params, options) => unsafe(query, params, { ...options, prepare: true })) as typeof sql.unsafe;
    // The health check's ping has a connection of its own: under load every pooled one is busy, and
    // a load balancer must not read a queue as an outage (decision 022).
    const healthSql = postgres(config.databaseUrl, { ...options, max: 1, socket: startupSafeSockets() } as postgres.Options<Record<string, never>>);
    const ping = async () => void (await healthSql`select 1`);
    // Ending waits for running queries, but at most 5 s: after an outage postgres.js may never finish.
    const close = async () => void (await Promise.all([sql.end({ timeout: 5 }), healthSql.end({ timeout: 5 })]));
    const listen: Listen = async (channel, onNotify, onListen) => (await sql.listen(channel, onNotify, onListen)).unlisten;
    return { db: drizzlePostgres(sql, { schema }), kind: 'postgres', ping, close, listen };
  }
  let dataDir = config.dataDir;
  if (!dataDir.startsWith('memory://')) {
    dataDir = path.join(dataDir, 'db');
    fs.mkdirSync(dataDir, { recursive: true });
    createDataDirApart(dataDir);
  }
  const client = new PGlite(dataDir, { startParams: pgliteStartParams() });
  // As on PostgreSQL, each query text is parsed and planned once, not at every request.
  // Both drivers expose the same query builder; one type keeps callers simple.
  const readCache = new ReadCache();
  const db = drizzlePglite(withPreparedStatements(client, () => readCache.written()), { schema }) as unknown as Db;
  const ping = async () => void (await client.query('select 1'));
  return { db, kind: 'pglite', ping, close: () => client.close(), readCache };
}

// One client per process, kept on globalThis: the embedded PGlite must never be opened twice,
// and the App Router, the Pages API route and scripts all share it.
const globalForDb = globalThis as unknown as { berthDb?: Client };

export function client(): Client {
  globalForDb.berthDb ??= open();
  return globalForDb.berthDb;
}

export const db: Db = new Proxy({} as Db, {
  get: (_target, prop) => {
    const target = client().db;
    const value = Reflect.get(target, prop);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

export async function closeDb() {
  const current = globalForDb.berthDb;
  globalForDb.berthDb = undefined;
  await current?.close();
}

/** Rows of a raw query, whichever driver: postgres.js answers an array, PGlite `{ rows }`. */
export async function queryRows<T>(query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Whether the database answers at all (`/api/health`). */
export async function pingDatabase(): Promise<void> {
  await client().ping();
}
