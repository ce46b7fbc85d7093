// SPEC 9: a 256 MiB blob pulled through Berth's `/v2/` against the same pull through nginx in front of
// the same registry, and against straight from the registry; and the CPU each proxy spends on it.
import { cpuPerPull, makeBlob, pullBlob, pushBlob } from '../lib/blobs.mjs';
import { median, processTree } from '../lib/measure.mjs';
import { berth, nginx, registry } from '../lib/services.mjs';
import { BLOB_MIB, log, ROUNDS, USER } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

export default async function blobPull() {
  const server = await berth();
  const upstream = await registry();
  const proxy = await nginx();
  const repo = `${USER.name}/bench`;
  // The blob pulled, pushed through Berth (which creates the repository if no figure did).
  const blob = makeBlob(BLOB_MIB);
  await pushBlob(server.url, repo, blob, server.tokenAuth);

  log('pull…');
  await pullBlob(server.url, repo, blob, server.tokenAuth, true);
  await pullBlob(proxy.url, repo, blob, null, true);
  const viaBerth = [];
  const viaNginx = [];
  const direct = [];
  for (let i = 0; i < ROUNDS; i++) {
    viaBerth.push(await pullBlob(server.url, repo, blob, server.tokenAuth));
    viaNginx.push(await pullBlob(proxy.url, repo, blob, null));
    direct.push(await pullBlob(upstream.url, repo, blob, null));
  }
  // CPU seconds each proxy spends per pull: steadier than wall time on a busy 2-core machine.
  const cpuBerth = await cpuPerPull([server.pid], () => pullBlob(server.url, repo, blob, server.tokenAuth));
  const cpuNginx = await cpuPerPull(processTree(proxy.pid), () => pullBlob(proxy.url, repo, blob, null));
  const berthPull = BLOB_MIB / median(viaBerth);
  const figure = `blob pull ${BLOB_MIB} MiB through \`/v2/\``;
  return [
    ratioRow(figure, berthPull, 'MiB/s', 'through nginx (no buffering)', BLOB_MIB / median(viaNginx), 1.0),
    ratioRow(figure, berthPull, 'MiB/s', 'straight from the registry (sendfile)', BLOB_MIB / median(direct), 0),
    {
      figure: `CPU per ${BLOB_MIB} MiB pull, Berth's process`,
      value: cpuBerth,
      unit: 's',
      baselineName: "nginx's processes",
      baseline: cpuNginx,
      ratio: cpuBerth / cpuNginx,
      target: 'reported',
      pass: null,
    },
  ];
}
