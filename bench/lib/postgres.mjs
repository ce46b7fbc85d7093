// A database of the run's own on the PostgreSQL server, dropped once every server has stopped.
import postgres from 'postgres';
import { afterStop } from './servers.mjs';
import { POSTGRES_URL } from './settings.mjs';

let count = 0;

/** Creates an empty database; returns its URL. */
export async function createDatabase() {
  const name = `berth_bench_${Date.now()}_${count++}`;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  afterStop(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
