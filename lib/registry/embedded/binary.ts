// Where the embedded registry's parts are: the binary, its configuration, its storage, its environment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const CONFIG_FILE = path.join(process.cwd(), 'registry', 'config.yml');

/** The docker-registry binary to run: DOCKER_REGISTRY_BIN, else `docker-registry` on PATH, if it runs at all. */
export function registryBinary(): string | undefined {
  const binary = process.env.DOCKER_REGISTRY_BIN || 'docker-registry';
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.error || probe.status !== 0 ? undefined : binary;
}

export function registryStorage(dataDir: string) {
  return path.join(dataDir, 'registry');
}

/** The registry reads every REGISTRY_* variable as its own configuration: only ours reach it. */
export function registryEnv(storage: string, addr?: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('REGISTRY_')) delete env[name];
  return { ...env, REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage, ...(addr && { REGISTRY_HTTP_ADDR: addr }) };
}
