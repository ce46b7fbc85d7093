// The signature of a secret-scanning partner report (SPEC 12, leak response; decision 046): ECDSA
// P-256 with SHA-256 over the raw body, the signature base64 DER, made with one of the code host's
// keys, which it publishes as `{"public_keys":[{"key_identifier","key","is_current"}]}`.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { config } from '@/lib/config';
import { log } from '@/lib/log';

const keyListSchema = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean().optional() })),
});

export type KeySource = { url?: string; file?: string };

/** The P-256 keys of a key list by identifier; any other kind of key is left out. */
export function parseKeyList(json: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const entry of keyListSchema.parse(json).public_keys) {
    try {
      const key = createPublicKey(entry.key);
      if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') keys.set(entry.key_identifier, key);
    } catch {
      // Not a key: never one that verifies.
    }
  }
  return keys;
}

const FETCH_TIMEOUT_MS = 5_000;
const CACHE_MS = 10 * 60_000;
/** An unknown key id refetches the list, at most this often (a stranger's ids cannot make us hammer it). */
const REFETCH_MS = 60_000;
const cache = new Map<string, { keys: Map<string, KeyObject>; at: number }>();

async function fetchKeyList(url: string): Promise<Map<string, KeyObject>> {
  const answer = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!answer.ok) throw new Error(`the key list answered ${answer.status}`);
  return parseKeyList(await answer.json());
}

/** The key of `keyId`, from the file (read each time: a rotation needs no restart) or the cached URL. */
export async function publicKey(keyId: string, source: KeySource = config.secretScanningKeys): Promise<KeyObject | undefined> {
  try {
    if (source.file) return parseKeyList(JSON.parse(await readFile(source.file, 'utf8'))).get(keyId);
    if (!source.url) return undefined;
    const cached = cache.get(source.url);
    const age = cached ? Date.now() - cached.at : Infinity;
    if (cached && (cached.keys.has(keyId) ? age < CACHE_MS : age < REFETCH_MS)) return cached.keys.get(keyId);
    const keys = await fetchKeyList(source.url);
    cache.set(source.url, { keys, at: Date.now() });
    return keys.get(keyId);
  } catch (error) {
    log.warn({ err: error }, 'secret-scanning keys unavailable');
    return undefined;
  }
}

/** Whether `signature` (base64 DER) over `body` verifies with the key `keyId` names. */
export async function verifyReportSignature(body: Uint8Array, keyId: string | null, signature: string | null, source?: KeySource): Promise<boolean> {
  if (!keyId || !signature || keyId.length > 256 || signature.length > 512) return false;
  const key = await publicKey(keyId, source);
  if (!key) return false;
  try {
    return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
