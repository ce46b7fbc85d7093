import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// The server to create the run's database on; its own database is never touched.
const SERVER_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PREFIX = 'berth_test_';
const STALE_MS = 24 * 60 * 60 * 1000;

/** One fresh database per run, migrated once here so parallel workers never race on the schema. */
export default async function setup(project: TestProject) {
  const name = `${PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await onServer(async (sql) => {
    await dropStaleDatabases(sql);
    await sql.unsafe(`create database "${name}"`);
  });
  const drop = async () => {
    await onServer((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
  };

  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/setup/migrate.ts'], {
      cwd: project.config.root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide('databaseUrl', databaseUrl);
  return drop;
}

async function onServer<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
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
