import { afterAll, inject } from 'vitest';

// Runs before the test file imports anything from the app: lib/config.ts reads DATABASE_URL once.
process.env.DATABASE_URL = inject('databaseUrl');

afterAll(async () => {
  const { closeDb } = await import('@/db');
  await closeDb();
});
