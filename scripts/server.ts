// Berth's server: checks its configuration, migrates, creates the first admin, builds when needed,
// then serves Next.js. A small custom server so that the client IP comes from the socket (SPEC 2,
// TRUST_PROXY): Next.js alone keeps a client-supplied X-Forwarded-For; and so that a page that found
// no database answers 503, not Next's 500 (lib/faults.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { checkedConfig } from './checked-config';

const dev = process.argv.includes('--dev');

/** How a failed start is told: on stderr until the logger is loaded, then through it. */
let fatal = (error: unknown) => console.error(error);

async function main() {
  // First: an invalid variable stops the start before anything else is loaded or done.
  const config = await checkedConfig();
  const [
    { default: next },
    { log, routeConsoleToLog },
    { applyServerTimeouts },
    { CLIENT_IP_HEADER, forwardedClientIp },
    { migrateDatabase },
    { ensureFirstAdmin },
    { serveWithFaults },
    { startEmbeddedRegistry },
    { startMaintenance },
    { listenForRevocations },
    { stopTokenUsage },
    { requestGate },
  ] = await Promise.all([
    import('next'),
    import('../lib/log'),
    import('../lib/registry/server-timeouts'),
    import('../lib/request'),
    import('../db/migrate'),
    import('../lib/accounts/first-admin'),
    import('../lib/faults'),
    import('../lib/registry/embedded/supervisor'),
    import('../lib/maintenance'),
    import('../lib/auth/revocations'),
    import('../lib/access-tokens/usage-counter'),
    import('../lib/api/request-gate'),
  ]);
  fatal = (error) => log.fatal({ err: error }, 'Berth could not start');
  routeConsoleToLog();
  if (!dev && !fs.existsSync('.next/BUILD_ID')) {
    log.info('no production build yet: running next build');
    const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  await migrateDatabase();
  await ensureFirstAdmin();
  // No REGISTRY_UPSTREAM_URL: Berth runs docker-registry itself, and stops it when it stops.
  const registry = config.registryUpstreamUrl
    ? undefined
    : await startEmbeddedRegistry({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, gcCron: config.registryGcCron });
  // Other instances' revocations empty this one's credential caches at once (PostgreSQL only).
  const revocations = await listenForRevocations();

  const app = next({ dev, port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const admit = requestGate();
  const server = http.createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = forwardedClientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
    admit(req, res, () => void serveWithFaults(req, res, () => handle(req, res)));
  });
  // No total time limit on /v2 uploads, which may take as long as they keep sending; headers and
  // every other route keep theirs (lib/registry/server-timeouts.ts).
  applyServerTimeouts(server);
  server.listen(config.port, () => log.info({ port: config.port }, `Berth is listening on http://localhost:${config.port}`));
  // Pruning in the background (docs/decisions/025-audit-retention.md), never in a request.
  const maintenance = startMaintenance();
  // A clean shutdown, once (the signal may come from tsx and from the process group): requests in
  // progress end, then the token usage counted in memory is written, and what Berth started stops.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const usage = closed.then(() => stopTokenUsage()).catch((error) => log.error({ err: error }, 'could not write the token usage at shutdown'));
    void Promise.all([usage, registry?.stop(), maintenance.stop(), revocations.stop()]).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  fatal(error);
  process.exit(1);
});
