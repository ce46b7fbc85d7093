// `npm run registry:gc`: collects the embedded registry's garbage (the blobs deleted manifests left):
// through the running Berth of this DATA_DIR if there is one, else here. Pushes answer 503 meanwhile.
import { checkedConfig } from './checked-config';

async function main() {
  const config = await checkedConfig();
  if (config.registryUpstreamUrl) {
    console.error('REGISTRY_UPSTREAM_URL is set: Berth runs no registry of its own; collect that registry where it runs (docker-registry garbage-collect).');
    process.exit(1);
  }
  const [{ registryBinary }, { runningServer, requestCollection }] = await Promise.all([
    import('../lib/registry/embedded/binary'),
    import('../lib/registry/embedded/gc-requests'),
  ]);
  const binary = registryBinary();
  if (!binary) {
    console.error('docker-registry was not found: install it with apt-get install docker-registry, or set DOCKER_REGISTRY_BIN.');
    process.exit(1);
  }
  const pid = runningServer(config.dataDir);
  console.log(pid ? `Asking the running Berth (pid ${pid}) to collect; pushes are paused meanwhile…` : 'Collecting (no Berth is running on this data directory)…');
  const result = pid ? await requestCollection(pid, config.dataDir) : await (await import('../lib/registry/embedded/gc')).collectGarbage(binary, config.dataDir);
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
  console.log(`Reclaimed ${mib(result.bytesReclaimed)} (${mib(result.bytesBefore)} → ${mib(result.bytesAfter)}) in ${(result.durationMs / 1000).toFixed(1)} s.`);
  process.exit(0);
}

main().catch((error: Error) => {
  console.error(`Garbage collection failed: ${error.message}`);
  process.exit(1);
});
