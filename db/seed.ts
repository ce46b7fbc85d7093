import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { config } from '@/lib/config';
import { hashPassword } from '@/lib/passwords';
import { db } from './index';
import { accounts } from './schema';

/** Creates the first admin when there is none; a generated password is printed once. */
export async function ensureFirstAdmin(log: (line: string) => void = console.log) {
  const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.isAdmin, true)).limit(1);
  if (existing) return;
  const password = config.adminPassword ?? randomBytes(18).toString('base64url');
  await db
    .insert(accounts)
    .values({ name: config.adminUsername, isAdmin: true, passwordHash: await hashPassword(password) })
    .onConflictDoUpdate({ target: accounts.name, set: { isAdmin: true, isActive: true } });
  log(`Created the first admin "${config.adminUsername}".`);
  if (!config.adminPassword) log(`Its generated password, shown only this once: ${password}`);
}
