// What every figure shares: the load and transfer sizes, the accounts, the PostgreSQL server.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The server that figures on PostgreSQL create their own database on (dropped at the end).
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BLOB_MIB = 256;
export const ROUNDS = 5;
export const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = 16;
export const ADMIN = { name: 'admin', password: `bench-${randomBytes(6).toString('hex')}` };
export const USER = { name: 'bench', password: `bench-${randomBytes(6).toString('hex')}` };

export const log = (...args) => console.error('[bench]', ...args);
