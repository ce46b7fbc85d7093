// Where the embedded registry's parts are: the binary, its configuration, its storage, its environment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { config } from '@/lib/config';

export const CONFIG_FILE = path.join(process.cwd(), 'registry', 'config.yml');

/** The docker-registry binary to run: DOCKER_REGISTRY_BIN, else `docker-registry` on PATH, if it runs at all. */
export function registryBinary(): string | undefined {
  const binary = config.dockerRegistryBin;
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', env: childEnv({}) });
  return probe.error || probe.status !== 0 ? undefined : binary;
}

export function registryStorage(dataDir: string) {
  return path.join(dataDir, 'registry');
}

/**
 * The registry's whole environment: it reads every REGISTRY_* variable as its own configuration, and
 * nothing of Berth's (DATABASE_URL, ADMIN_PASSWORD, AUTH_SECRET) has any business in its process.
 */
export function registryEnv(storage: string, addr?: string): NodeJS.ProcessEnv {
  return childEnv({ REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage, ...(addr && { REGISTRY_HTTP_ADDR: addr }) });
}

/** An environment of `vars` alone, with the PATH to find programs by (NODE_ENV only because Node's types ask for it). */
function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: config.systemPath, NODE_ENV: 'production', ...vars };
}
