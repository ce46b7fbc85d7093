// SPEC 10, "No secret in any stored or logged field": what is stored and logged for a name a client
// sent. A valid account name as sent; anything else may be a secret in the wrong field (a token
// pasted as the username, a password typed into it) and is recorded only by a short keyed hash, or
// by the hint of the token it holds. Rate limits count by this same form.
import { createHmac, randomBytes } from 'node:crypto';
import { tokenHint } from '@/lib/access-tokens/format';
import { storedSecret } from '@/lib/auth/secrets';
import { accountNameSchema } from '@/lib/validation';

let key: Promise<string> | undefined;

/** The hash key, shared by every instance so that they count a name alike. */
function nameHashKey(): Promise<string> {
  key ??= storedSecret('name_hash_key', () => randomBytes(32).toString('base64url')).catch((error) => {
    key = undefined;
    throw error;
  });
  return key;
}

/** Anything that holds `brt_` and enough token characters to be one, even cut short or padded. */
const TOKEN_LIKE = /brt_[0-9A-Za-z]{8,}/;

/** The form in which a sent name is stored, logged and counted. */
export async function recordedName(sent: string): Promise<string> {
  if (accountNameSchema.safeParse(sent).success) return sent;
  const token = TOKEN_LIKE.exec(sent);
  if (token) return tokenHint(token[0]);
  const hash = createHmac('sha256', await nameHashKey()).update(sent).digest('hex').slice(0, 12);
  return `(invalid name) ${hash}`;
}
