import { afterAll } from 'vitest';

// DATABASE_URL comes from the project's env (vitest.config.mts); each file closes its pool at the end.
afterAll(async () => {
  const { closeDb } = await import('@/db');
  await closeDb();
});
