import { checkedConfig } from './checked-config';

async function main() {
  await checkedConfig();
  const [{ closeDb }, { migrateDatabase }, { ensureFirstAdmin }] = await Promise.all([
    import('../db'),
    import('../db/migrate'),
    import('../lib/accounts/first-admin'),
  ]);
  await migrateDatabase();
  await ensureFirstAdmin();
  await closeDb();
  console.log('Database is up to date.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
