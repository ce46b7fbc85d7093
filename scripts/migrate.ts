import { closeDb } from '../db';
import { migrateDatabase } from '../db/migrate';
import { ensureFirstAdmin } from '../lib/accounts/first-admin';

async function main() {
  await migrateDatabase();
  await ensureFirstAdmin();
  await closeDb();
  console.log('Database is up to date.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
