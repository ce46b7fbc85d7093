// The direct cost of counting token usage, for bench/figures/70-token-usage.mjs: what recording one
// use costs, and what flushing costs per bucket (the worst case, one bucket per request), on an
// embedded PGlite in memory. Run with `node --import tsx`; prints one JSON line.
import { performance } from 'node:perf_hooks';
import { migrateDatabase } from '../../db/migrate';
import { generateToken, hashToken, tokenHint } from '../../lib/access-tokens/format';
import { insertToken } from '../../lib/access-tokens/queries';
import { UsageCounter } from '../../lib/access-tokens/usage-counter';
import { insertAccount } from '../../lib/accounts/queries';

async function main() {
  await migrateDatabase();
  const owner = await insertAccount({ name: 'usage-cost' });
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const token = generateToken();
    ids.push((await insertToken({ hashedToken: hashToken(token), ownerId: owner.id, hint: tokenHint(token), generatedBy: owner.name })).id);
  }
  const counter = new UsageCounter(3_600_000);
  // Recording: 2,000,000 uses over 1000 tokens and 50 addresses.
  const uses = 2_000_000;
  const started = performance.now();
  for (let i = 0; i < uses; i++) counter.record(ids[i % 1000], 'apiCalls', `10.0.0.${i % 50}`);
  const recordNs = ((performance.now() - started) * 1e6) / uses;
  await counter.flush();
  // Flushing: rounds of 1000 buckets (one token each, one address each), timed.
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const id of ids) counter.record(id, 'pulls', `10.1.${round}.1`);
    const t = performance.now();
    await counter.flush();
    rounds.push((performance.now() - t) / ids.length);
  }
  rounds.sort((a, b) => a - b);
  console.log(JSON.stringify({ recordNs, flushMsPerBucket: rounds[2] }));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
