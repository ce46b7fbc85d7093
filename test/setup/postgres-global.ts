import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

const PREFIX = 'berth_test_';
const STALE_MS = 24 * 60 * 60 * 1000;

/**
 * Creates the run's database (named in vitest.config.mts, which hands it to the tests as
 * DATABASE_URL) and migrates it once here, with the committed migrations, so that parallel workers
 * never race on the schema. Answers the teardown that drops it.
 */
export default async function setup(project: TestProject) {
  const { DATABASE_URL: databaseUrl, TEST_POSTGRES_URL: serverUrl } = project.config.env as Record<string, string>;
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to manage a database not named ${PREFIX}*: ${name}`);
  await onServer(serverUrl, async (sql) => {
    await dropStaleDatabases(sql);
    await sql.unsafe(`create database "${name}"`);
  });
  const drop = () => onServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
  try {
    await onServer(databaseUrl, (sql) => migrate(drizzle(sql), { migrationsFolder: path.join(project.config.root, 'db', 'migrations') }));
  } catch (error) {
    await drop();
    throw error;
  }
  return drop;
}

async function onServer<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** Databases left behind by runs that were killed before their teardown. */
async function dropStaleDatabases(sql: postgres.Sql) {
  const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${PREFIX}%`}`;
  for (const { datname } of rows) {
    const started = Number(/^berth_test_(\d+)_[0-9a-f]+$/.exec(datname)?.[1]);
    if (started && Date.now() - started > STALE_MS) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  }
}
