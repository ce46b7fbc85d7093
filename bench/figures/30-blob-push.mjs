// SPEC 9: a 256 MiB blob pushed through Berth's `/v2/` against straight to the registry (median of
// rounds, alternating).
import { makeBlob, pushBlob } from '../lib/blobs.mjs';
import { median } from '../lib/measure.mjs';
import { berth, registry } from '../lib/services.mjs';
import { BLOB_MIB, log, ROUNDS, USER } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

export default async function blobPush() {
  const server = await berth();
  const upstream = await registry();
  log('push…');
  const repo = `${USER.name}/bench`;
  await pushBlob(server.url, repo, makeBlob(8), server.tokenAuth); // warm-up, creates the repository
  const viaBerth = [];
  const direct = [];
  for (let i = 0; i < ROUNDS; i++) {
    viaBerth.push(await pushBlob(server.url, repo, makeBlob(BLOB_MIB), server.tokenAuth));
    direct.push(await pushBlob(upstream.url, repo, makeBlob(BLOB_MIB), null));
  }
  return [ratioRow(`blob push ${BLOB_MIB} MiB through \`/v2/\``, BLOB_MIB / median(viaBerth), 'MiB/s', 'straight to the registry', BLOB_MIB / median(direct), 0.85)];
}
