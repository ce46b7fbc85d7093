import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = 'brt_';
const RANDOM_LENGTH = 36;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
const TOKEN_SHAPE = /^brt_[0-9A-Za-z]{42}$/;

export const TOKEN_SCOPES = ['admin', 'read-write', 'read-only'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: rejecting higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** `brt_` + 36 random base62 characters + 6 base62 characters of their CRC32. */
export function generateToken(): string {
  const body = randomBase62(RANDOM_LENGTH);
  return PREFIX + body + checksum(body);
}

/** True when the secret has the shape of a Berth token, whatever its checksum. */
export function looksLikeToken(secret: string): boolean {
  return TOKEN_SHAPE.test(secret);
}

/** Shape and checksum: rejects typos and forgeries without touching the database. */
export function isWellFormedToken(secret: string): boolean {
  if (!looksLikeToken(secret)) return false;
  const body = secret.slice(PREFIX.length, PREFIX.length + RANDOM_LENGTH);
  return secret.slice(PREFIX.length + RANDOM_LENGTH) === checksum(body);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenHint(token: string): string {
  return `${PREFIX}…${token.slice(-4)}`;
}
