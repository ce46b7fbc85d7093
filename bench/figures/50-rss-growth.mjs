// SPEC 9: Berth's resident memory growth while pushing and pulling a 1 GiB blob through `/v2/`.
import { makeBlob, pullBlob, pushBlob } from '../lib/blobs.mjs';
import { rssMiB, sampleRssPeak } from '../lib/measure.mjs';
import { berth } from '../lib/services.mjs';
import { log, USER } from '../lib/settings.mjs';

const BIG_MIB = 1024;
const BOUND_MIB = 64;

export default async function rssGrowth() {
  const server = await berth();
  log('1 GiB push and pull…');
  global.gc?.();
  const before = rssMiB(server.pid);
  const peak = sampleRssPeak(server.pid, before);
  const big = makeBlob(BIG_MIB);
  await pushBlob(server.url, `${USER.name}/bench`, big, server.tokenAuth);
  await pullBlob(server.url, `${USER.name}/bench`, big, server.tokenAuth, true);
  const growth = peak() - before;
  const after = rssMiB(server.pid);
  return [
    {
      figure: `server RSS growth, ${BIG_MIB} MiB push + pull`,
      value: growth,
      unit: 'MiB',
      baselineName: `RSS before (after: ${after.toFixed(0)} MiB)`,
      baseline: before,
      ratio: null,
      target: `≤ ${BOUND_MIB} MiB`,
      pass: growth <= BOUND_MIB,
    },
  ];
}
