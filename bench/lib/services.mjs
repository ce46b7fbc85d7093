// The servers most figures share, each started the first time a figure asks for it and kept until the
// run ends: docker-registry behind Berth, docker-registry with htpasswd auth (the ping baseline), nginx
// in front of the first (the Harbor-style proxy baseline), and Berth on embedded PGlite with the bench
// user. A figure that needs a server of its own starts it with servers.mjs and berth.mjs.
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { seedBenchUser, startBerth } from './berth.mjs';
import { nginxConfig, registryConfig } from './configs.mjs';
import { ensureCommand, freePort, start, waitFor, work } from './servers.mjs';
import { USER } from './settings.mjs';

/** `launch` the first time, the same promise after that. */
function once(launch) {
  let started;
  return () => (started ??= launch());
}

async function startRegistry(name, htpasswd) {
  ensureCommand('docker-registry', 'docker-registry');
  const port = await freePort();
  const config = path.join(work, `${name}.yml`);
  registryConfig(config, port, path.join(work, `storage-${name}`), htpasswd);
  start(name, 'docker-registry', ['serve', config]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2/`, (s) => s === (htpasswd ? 401 : 200));
  return { url, port };
}

/** The registry behind Berth, without auth of its own. */
export const registry = once(() => startRegistry('registry'));

/** A second registry with distribution's own Basic auth, for the bench user's password. */
export const htpasswdRegistry = once(() => {
  const htpasswd = path.join(work, 'htpasswd');
  // bcrypt cost 5, the default of `htpasswd -B` that distribution's documentation uses.
  fs.writeFileSync(htpasswd, `${USER.name}:${bcrypt.hashSync(USER.password, 5)}\n`);
  return startRegistry('registry-htpasswd', htpasswd);
});

/** nginx in front of `registry`; `pid` is its master's. */
export const nginx = once(async () => {
  ensureCommand('nginx', 'nginx');
  const upstream = await registry();
  const port = await freePort();
  const dir = path.join(work, 'nginx');
  const child = start('nginx', 'nginx', ['-c', nginxConfig(dir, port, upstream.port), '-p', dir]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2/`, (s) => s === 200);
  return { url, pid: child.pid };
});

/** Berth on embedded PGlite in front of `registry`; `tokenAuth` is the bench user's token. */
export const berth = once(async () => {
  const upstream = await registry();
  const server = await startBerth('berth', { DATA_DIR: path.join(work, 'data'), DATABASE_URL: '', REGISTRY_UPSTREAM_URL: upstream.url });
  return { ...server, tokenAuth: await seedBenchUser(server.url) };
});
