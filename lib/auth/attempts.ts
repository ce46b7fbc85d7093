// Counted credential attempts (SPEC 8 and 10; docs/decisions/013-attempt-counting.md). Every limit is a
// row of auth_limits shared by the instances on one database:
//   ip:<address>               failures of any credential from one client address (RATE_LIMIT_IP_FAILURES)
//   user:<recorded name>       failed passwords of one username: in the window (RATE_LIMIT_USER_FAILURES)
//                              and in a row (LOCKOUT_THRESHOLD, which locks password sign-in)
//   pair:<recorded name>|<ip>  failed passwords of one username from one address: its tokens stay
//                              refused there while the username is over its limit
// A password is checked only after its attempt has taken a place under both the address's and the
// username's limits, in one transaction: however many arrive at once, no more are checked than the
// limits leave room for, on any instance. Tokens carry over 200 bits and cost no hash; they are looked
// up first and their failures counted after, against the address only.
import { db } from '@/db';
import { countFailure, forgetKeys, limitStates, pruneLimits, reservePlace, runningLocks, settlePlace, type LimitRule } from '@/lib/auth/queries';
import { config } from '@/lib/config';

export type Limits = { userFailures: number; ipFailures: number; windowMs: number; lockThreshold: number; lockMs: number };

export const configuredLimits = (): Limits => ({ ...config.rateLimits, lockThreshold: config.lockoutThreshold, lockMs: config.lockoutMs });

export type Refusal = { ok: false; reason: 'locked' | 'throttled'; retryAfter: number };

const ipKey = (ip: string) => `ip:${ip}`;
const userKey = (name: string) => `user:${name}`;
const pairKey = (name: string, ip: string) => `pair:${name}|${ip}`;

const ipRule = (ip: string, limits: Limits): LimitRule => ({ key: ipKey(ip), windowMs: limits.windowMs, windowLimit: limits.ipFailures });
const userRule = (name: string, limits: Limits) => ({
  key: userKey(name),
  windowMs: limits.windowMs,
  windowLimit: limits.userFailures,
  lockThreshold: limits.lockThreshold,
  lockMs: limits.lockMs,
});
const pairRule = (name: string, ip: string, limits: Limits): LimitRule => ({ key: pairKey(name, ip), windowMs: limits.windowMs, windowLimit: 2 ** 31 - 1 });

class NoPlace extends Error {}

/**
 * Why an attempt found no place: a full window (429 with the wait, which outranks a lock, as the
 * limits of SPEC 8 refuse right and wrong alike), the username's lock, or a crowd in flight.
 */
async function refusal(ip: string, name: string | null, limits: Limits): Promise<Refusal> {
  const keys = name === null ? [ipKey(ip)] : [ipKey(ip), userKey(name)];
  const states = new Map((await limitStates(keys, limits.windowMs)).map((s) => [s.key, s]));
  const address = states.get(ipKey(ip));
  const user = name === null ? undefined : states.get(userKey(name));
  const full = [
    address && address.windowFailures >= limits.ipFailures ? address.windowFor : null,
    user && user.windowFailures >= limits.userFailures ? user.windowFor : null,
  ].filter((wait): wait is number => wait !== null);
  if (full.length) return { ok: false, reason: 'throttled', retryAfter: Math.max(1, ...full) };
  if (user?.lockedFor) return { ok: false, reason: 'locked', retryAfter: user.lockedFor };
  return { ok: false, reason: 'throttled', retryAfter: 1 };
}

export type PasswordAttempt = {
  /** Records the outcome; a right password is still refused if the username locked meanwhile. */
  settle(outcome: 'failed' | 'succeeded'): Promise<{ refused?: Refusal; lockedUntil?: Date }>;
};

/** Takes a place for one password check of `name` (the recorded form) from `ip`, or says why not. */
export async function reservePassword(name: string, ip: string, limits: Limits = configuredLimits()): Promise<PasswordAttempt | Refusal> {
  const ipLimit = ipRule(ip, limits);
  const userLimit = userRule(name, limits);
  try {
    // The address first, then the username: every attempt locks rows in this order, so none waits in a circle.
    await db.transaction(async (tx) => {
      if (!(await reservePlace(ipLimit, tx)) || !(await reservePlace(userLimit, tx))) throw new NoPlace();
    });
  } catch (error) {
    if (!(error instanceof NoPlace)) throw error;
    const refused = await refusal(ip, name, limits);
    // An attempt on a locked username is a failure of the windows (the address's and the username's),
    // not of the run that locked it; one refused by a full window is not counted again.
    if (refused.reason === 'locked') await Promise.all([countFailure(ipLimit), countFailure(userLimit)]);
    return refused;
  }
  return {
    async settle(outcome) {
      return db.transaction(async (tx) => {
        await settlePlace(ipLimit, outcome, tx);
        const user = await settlePlace(userLimit, outcome, tx);
        if (outcome === 'failed') {
          await countPairFailure(name, ip, limits, tx);
          return user.lockedNow && user.lockedUntil ? { lockedUntil: user.lockedUntil } : {};
        }
        if (user.lockedUntil && user.lockedUntil > new Date()) {
          const retryAfter = Math.max(1, Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000));
          return { refused: { ok: false, reason: 'locked', retryAfter } };
        }
        return {};
      });
    },
  };
}

function countPairFailure(name: string, ip: string, limits: Limits, tx: Parameters<typeof countFailure>[1]) {
  return countFailure(pairRule(name, ip, limits), tx);
}

/**
 * Whether a token may be tried from `ip` (for `name`, when it came with one): the address must be
 * under its limit, and a username over its limit refuses its tokens from addresses where its
 * passwords failed (SPEC 8: a per-username limit never blocks that user's tokens from other IPs).
 */
export async function tokenAllowed(ip: string, name: string | null, limits: Limits = configuredLimits()): Promise<Refusal | null> {
  const keys = name === null ? [ipKey(ip)] : [ipKey(ip), userKey(name), pairKey(name, ip)];
  const states = new Map((await limitStates(keys, limits.windowMs)).map((s) => [s.key, s]));
  const address = states.get(ipKey(ip));
  if (address && address.windowFailures >= limits.ipFailures) return { ok: false, reason: 'throttled', retryAfter: Math.max(1, address.windowFor ?? 1) };
  if (name === null) return null;
  const user = states.get(userKey(name));
  const failedHere = (states.get(pairKey(name, ip))?.windowFailures ?? 0) > 0;
  if (user && user.windowFailures >= limits.userFailures && failedHere) {
    return { ok: false, reason: 'throttled', retryAfter: Math.max(1, user.windowFor ?? 1) };
  }
  return null;
}

/** Counts a failed token against the address; a refusal when the address had no room left. */
export async function tokenFailed(ip: string, limits: Limits = configuredLimits()): Promise<Refusal | null> {
  if (await countFailure(ipRule(ip, limits), db)) return null;
  return refusal(ip, null, limits);
}

/** An admin's unlock, or a new password: the username's lock and counted failures go at once. */
export function clearUsername(name: string, executor?: Parameters<typeof forgetKeys>[2]) {
  return forgetKeys(userKey(name), `pair:${name}|`, executor);
}

/** Which of these usernames are locked now, and until when (the Users page). */
export async function lockedUntil(names: string[]): Promise<Map<string, Date>> {
  const locks = await runningLocks(names.map(userKey));
  return new Map(locks.map((lock) => [lock.key.slice('user:'.length), lock.lockedUntil]));
}

/** Removes, in batches, the rows whose window, lock and places have all run out (the maintenance loop). */
export async function pruneSpentLimits(windowMs = config.rateLimits.windowMs, batch = 1000): Promise<number> {
  let total = 0;
  for (let gone = batch; gone === batch; total += gone) gone = await pruneLimits(windowMs, batch);
  return total;
}
