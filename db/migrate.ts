import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { client } from './index';

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Applies the committed migrations; the same files serve PGlite and PostgreSQL. */
export async function migrateDatabase() {
  const { db, kind } = client();
  if (kind === 'pglite') {
    await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(db, { migrationsFolder });
  }
}
