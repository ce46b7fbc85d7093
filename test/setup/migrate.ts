// Applies the migrations to DATABASE_URL with the app's own migrator; run by the PostgreSQL
// global setup as a short-lived process so the test runner's own environment stays untouched.
// (No top-level await: without "type": "module", tsx compiles this file to CommonJS.)
import { closeDb } from '@/db';
import { migrateDatabase } from '@/db/migrate';

migrateDatabase()
  .then(() => closeDb())
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
