import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// .mts: package.json has no "type": "module", and Vite warns about ESM syntax in a .ts config.
// Both projects run the same integration tests, once on the embedded PGlite and once on PostgreSQL.
// The environment is spelled out so a developer's shell (DATABASE_URL, PUBLIC_URL…) cannot leak in;
// lib/config.ts reads it once, when the first app module is imported.
const env = {
  DATABASE_URL: '',
  DATA_DIR: 'memory://',
  PUBLIC_URL: '',
  TRUST_PROXY: '',
  LOCKOUT_THRESHOLD: '5',
  LOCKOUT_MINUTES: '15',
  // Many files fail credentials from the same (unset) client IP; the IP limit has its own test with its own limits.
  RATE_LIMIT_IP_FAILURES: '100000',
  RATE_LIMIT_USER_FAILURES: '10',
  RATE_LIMIT_WINDOW_MINUTES: '5',
  NODE_ENV: 'test',
};

// The PostgreSQL project's database: a fresh one per run on this server (its own database is never
// touched), created and migrated by test/setup/postgres-global.ts and dropped after the run.
const postgresServer = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const runDatabase = new URL(postgresServer);
runDatabase.pathname = `/berth_test_${Date.now()}_${randomBytes(4).toString('hex')}`;

// The secret-scanning partner's key list (SPEC 12, leak response): a file each project's leak test
// writes with a key pair it generates, one per project so that the two never share it.
const runId = `${Date.now()}_${randomBytes(4).toString('hex')}`;
const keysFile = (project: string) => path.join(os.tmpdir(), `berth_test_scanning_keys_${runId}_${project}.json`);

const integration = 'test/integration/**/*.test.ts';
const unit = '{lib,db,app}/**/*.test.ts';

export default defineConfig({
  resolve: { alias: { '@': path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    // Argon2 hashing and starting a PGlite take seconds on a busy machine.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: [integration, unit],
          // Files of a worker share its database (see test/setup/pglite.ts).
          isolate: false,
          env: { ...env, SECRET_SCANNING_KEYS_FILE: keysFile('pglite') },
          setupFiles: ['test/setup/pglite.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [integration],
          env: { ...env, SECRET_SCANNING_KEYS_FILE: keysFile('postgres'), DATABASE_URL: runDatabase.toString(), TEST_POSTGRES_URL: postgresServer },
          globalSetup: ['test/setup/postgres-global.ts'],
          setupFiles: ['test/setup/postgres.ts'],
        },
      },
    ],
  },
});
