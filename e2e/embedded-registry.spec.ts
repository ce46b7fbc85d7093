// Issue 16: `npm start` with no REGISTRY_UPSTREAM_URL runs docker-registry itself. Pushes and pulls
// work on a fresh data directory, a registry that dies comes back, garbage collection frees what
// deleted manifests left (pushes wait meanwhile, pulls do not), and no registry outlives Berth.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { expect, test } from './fixtures';
import { blobPath, eventually, health, listening, registryProcesses, startBerth, stopBerth, type Berth } from './embedded-support';
import { buildOciImage, requireTool, run, tempDir } from './registry-support';

test.beforeAll(() => requireTool('skopeo', 'skopeo'));
test.describe.configure({ mode: 'default' });

const ROOT = path.join(__dirname, '..');
const creds = (b: Berth) => `${b.admin.name}:${b.admin.password}`;
const push = (b: Berth, layout: string, ref: string) =>
  run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', creds(b), `oci:${layout}:1`, `docker://${b.host}/${ref}`]);
const pull = (b: Berth, ref: string) =>
  run('skopeo', ['copy', '--retry-times', '0', '--src-tls-verify=false', '--src-creds', creds(b), `docker://${b.host}/${ref}`, `oci:${path.join(tempDir('berth-pull-'), 'l')}:1`]);
const basic = (b: Berth) => ({ Authorization: `Basic ${Buffer.from(creds(b)).toString('base64')}` });

/** The layer and config digests of the image a layout holds under tag 1. */
function blobsOf(layout: string): string[] {
  const read = (digest: string) => JSON.parse(fs.readFileSync(path.join(layout, 'blobs', 'sha256', digest.slice(7)), 'utf8'));
  const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const manifest = read(index.manifests[0].digest) as { config: { digest: string }; layers: { digest: string }[] };
  return [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
}

test('npm start runs the registry: push and pull, a killed registry comes back, GC frees deleted blobs, SIGTERM stops it', async () => {
  test.setTimeout(240_000);
  const berth = await startBerth();
  try {
    expect(await health(berth)).toMatchObject({ registry: 'ok', embeddedRegistry: { state: 'running', restarts: 0 } });
    const [registry] = registryProcesses(berth.storage);
    expect(registry, 'a docker-registry serving DATA_DIR/registry').toBeDefined();

    const kept = buildOciImage('1');
    const pushed = await push(berth, kept.layout, 'admin/kept:1');
    expect(pushed.code, pushed.stderr).toBe(0);
    const pulled = await pull(berth, 'admin/kept:1');
    expect(pulled.code, pulled.stderr).toBe(0);

    // The registry dies: Berth restarts it on another free port, says so, and pushes work again.
    process.kill(registry.pid, 'SIGKILL');
    const back = await eventually('the registry to be restarted', async () => {
      const h = await health(berth);
      return h.embeddedRegistry?.restarts === 1 && h.embeddedRegistry.state === 'running' ? h : undefined;
    });
    expect(back.registry).toBe('ok');
    expect(fs.readFileSync(berth.log, 'utf8')).toContain('the embedded registry stopped; restarting it');
    const doomed = buildOciImage('1');
    const again = await push(berth, doomed.layout, 'admin/doomed:1');
    expect(again.code, again.stderr).toBe(0);

    // A deleted manifest leaves its blobs in storage until garbage collection.
    const deleted = await run('skopeo', ['delete', '--tls-verify=false', '--creds', creds(berth), `docker://${berth.host}/admin/doomed:1`]);
    expect(deleted.code, deleted.stderr).toBe(0);
    for (const digest of blobsOf(doomed.layout)) expect(fs.existsSync(blobPath(berth.storage, digest)), digest).toBe(true);

    const gc = new Promise<{ code: number; out: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'registry:gc'], { cwd: ROOT, env: { ...process.env, DATA_DIR: berth.dataDir, REGISTRY_UPSTREAM_URL: '' } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      );
    });
    // While it runs: an upload start gets 503 with Retry-After, and a pull is served.
    await eventually('the collection lock', () => fs.existsSync(path.join(berth.dataDir, 'registry-gc.lock')) || undefined, 60_000);
    const refused = await fetch(`${berth.url}/v2/admin/kept/blobs/uploads/`, { method: 'POST', headers: basic(berth) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { errors: { code: string }[] }).errors[0].code).toBe('UNAVAILABLE');
    const served = await fetch(`${berth.url}/v2/admin/kept/manifests/1`, { headers: { ...basic(berth), Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(served.status).toBe(200);

    const done = await gc;
    expect(done.code, done.out).toBe(0);
    expect(done.out).toMatch(/Reclaimed \d+\.\d MiB/);
    for (const digest of blobsOf(doomed.layout)) expect(fs.existsSync(blobPath(berth.storage, digest)), digest).toBe(false);
    for (const digest of blobsOf(kept.layout)) expect(fs.existsSync(blobPath(berth.storage, digest)), digest).toBe(true);
    expect((await pull(berth, 'admin/kept:1')).code).toBe(0);
    const events = await fetch(`${berth.url}/api/v0/audit?action=registry.garbage_collected`, { headers: basic(berth) });
    expect(events.status).toBe(200);
    const [event] = ((await events.json()) as { events: { details: { bytesReclaimed: number } }[] }).events;
    expect(event.details.bytesReclaimed).toBeGreaterThan(0);
    // Pushes work again once it is over.
    expect((await fetch(`${berth.url}/v2/admin/kept/blobs/uploads/`, { method: 'POST', headers: basic(berth) })).status).toBe(202);

    // SIGTERM: Berth stops its registry, and nothing keeps the port.
    const [current] = registryProcesses(berth.storage);
    await stopBerth(berth, 'SIGTERM');
    expect(registryProcesses(berth.storage)).toEqual([]);
    expect(await listening(current.port)).toBe(false);
  } finally {
    await stopBerth(berth, 'SIGKILL');
  }
});

test('a Berth killed with SIGKILL leaves no registry behind', async () => {
  test.setTimeout(120_000);
  const berth = await startBerth();
  const [registry] = registryProcesses(berth.storage);
  expect(registry).toBeDefined();
  await stopBerth(berth, 'SIGKILL');
  await eventually('the orphaned registry to stop', () => (registryProcesses(berth.storage).length === 0 ? true : undefined), 10_000);
  expect(await listening(registry.port)).toBe(false);
});

test('without docker-registry Berth still serves, reports the registry unconfigured, and says how to get one', async () => {
  test.setTimeout(120_000);
  const berth = await startBerth({ DOCKER_REGISTRY_BIN: '/nonexistent/docker-registry' });
  try {
    expect(await health(berth)).toEqual({ status: 'ok', database: 'ok', registry: 'unconfigured' });
    expect(fs.readFileSync(berth.log, 'utf8')).toContain('apt-get install docker-registry');
    const refused = await fetch(`${berth.url}/v2/admin/app/blobs/uploads/`, { method: 'POST', headers: basic(berth) });
    expect(refused.status).toBe(503);
  } finally {
    await stopBerth(berth);
  }
});
