import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { settings } from '@/db/schema';
import { config } from '@/lib/config';

/**
 * A secret generated once and kept in the database, so every instance on the same database shares
 * it. The first writer wins; everyone reads the stored value.
 */
export async function storedSecret(key: string, generate: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: generate() }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row.value;
}

let authSecret: Promise<string> | undefined;

/** The session signing secret: AUTH_SECRET, or one generated on first use. */
export function getAuthSecret(): Promise<string> {
  authSecret ??= config.authSecret
    ? Promise.resolve(config.authSecret)
    : storedSecret('auth_secret', () => randomBytes(32).toString('base64url'));
  return authSecret;
}
