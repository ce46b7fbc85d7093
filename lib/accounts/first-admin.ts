import { randomBytes } from 'node:crypto';
import { anyAdminExists, upsertFirstAdmin } from '@/lib/accounts/queries';
import { hashPassword } from '@/lib/auth/passwords';
import { config } from '@/lib/config';

/** Creates the first admin when there is none; a generated password is printed once. */
export async function ensureFirstAdmin(print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  if (await anyAdminExists()) return;
  const password = config.adminPassword ?? randomBytes(18).toString('base64url');
  await upsertFirstAdmin(config.adminUsername, await hashPassword(password));
  print(`Created the first admin "${config.adminUsername}".`);
  if (!config.adminPassword) print(`Its generated password, shown only this once: ${password}`);
}
