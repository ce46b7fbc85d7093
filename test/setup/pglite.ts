import { beforeAll } from 'vitest';
import { migrateDatabase } from '@/db/migrate';

// One in-memory PGlite (DATA_DIR=memory://) per worker: creating one takes seconds, so the files of a
// worker share it (the project runs with isolate: false, and every test makes its own users).
// Migrating is idempotent, so each integration file just makes sure it is done.
const needsDatabase = (file: string) => file.includes('/test/integration/');

// Vitest passes the file being run as the second argument.
beforeAll(async ({}, suite) => {
  if ('filepath' in suite && needsDatabase(suite.filepath)) await migrateDatabase();
});
