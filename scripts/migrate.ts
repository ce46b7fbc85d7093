import { closeDb } from '../db';
import { migrateDatabase } from '../db/migrate';
import { ensureFirstAdmin } from '../db/seed';

await migrateDatabase();
await ensureFirstAdmin();
await closeDb();
console.log('Database is up to date.');
