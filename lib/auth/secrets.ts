import { randomBytes } from 'node:crypto';
import { storedSetting } from '@/lib/auth/queries';
import { config } from '@/lib/config';

/**
 * A secret generated once and kept in the database, so every instance on the same database shares
 * it. The first writer wins; everyone reads the stored value.
 */
export function storedSecret(key: string, generate: () => string): Promise<string> {
  return storedSetting(key, generate);
}

let authSecret: Promise<string> | undefined;

/** The session signing secret: AUTH_SECRET, or one generated on first use. */
export function getAuthSecret(): Promise<string> {
  authSecret ??= config.authSecret
    ? Promise.resolve(config.authSecret)
    : storedSecret('auth_secret', () => randomBytes(32).toString('base64url')).catch((error) => {
        // Read again next time: a database that was away at the first request must not stay away.
        authSecret = undefined;
        throw error;
      });
  return authSecret;
}
