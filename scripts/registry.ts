// `npm run registry`: Debian's docker-registry (CNCF distribution v2.8) with registry/config.yml,
// listening on 127.0.0.1:REGISTRY_PORT (default 5000) and storing under DATA_DIR/registry, or
// REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY when set. Berth's REGISTRY_UPSTREAM_URL points at it.
// REGISTRY_LOG_FILE, when set, takes the registry's log instead of the terminal.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const binary = process.env.DOCKER_REGISTRY_BIN ?? 'docker-registry';
if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).error) {
  console.error(`${binary} was not found. Install it with: apt-get install docker-registry`);
  process.exit(1);
}

const port = Number(process.env.REGISTRY_PORT ?? 5000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`REGISTRY_PORT must be a port number, not ${process.env.REGISTRY_PORT}`);
  process.exit(1);
}
const storage = path.resolve(
  process.env.REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY || path.join(process.env.DATA_DIR || './data', 'registry'),
);
fs.mkdirSync(storage, { recursive: true });
const configFile = path.join(__dirname, '..', 'registry', 'config.yml');

// The registry reads every REGISTRY_* variable as configuration and warns about Berth's own.
const env: NodeJS.ProcessEnv = { ...process.env, REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage, REGISTRY_HTTP_ADDR: `127.0.0.1:${port}` };
for (const name of ['REGISTRY_PORT', 'REGISTRY_UPSTREAM_URL', 'REGISTRY_SERVICE']) delete env[name];

// REGISTRY_LOG_FILE sends the registry's own log (one line per refused request) to a file.
const logFile = process.env.REGISTRY_LOG_FILE;
delete env.REGISTRY_LOG_FILE;
const output = logFile ? fs.openSync(logFile, 'a') : 'inherit';
const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', output, output], env });
console.log(`docker-registry on http://127.0.0.1:${port}, storing in ${storage}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
