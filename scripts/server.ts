// Berth's server: migrates, creates the first admin, builds when needed, then serves Next.js.
// A small custom server so that the client IP comes from the socket (SPEC 2, TRUST_PROXY):
// Next.js alone keeps a client-supplied X-Forwarded-For.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import next from 'next';
import { config } from '../lib/config';
import { log, routeConsoleToLog } from '../lib/log';
import { applyServerTimeouts } from '../lib/registry/server-timeouts';
import { CLIENT_IP_HEADER, forwardedClientIp } from '../lib/request';
import { migrateDatabase } from '../db/migrate';
import { ensureFirstAdmin } from '../lib/accounts/first-admin';

const dev = process.argv.includes('--dev');


async function main() {
  routeConsoleToLog();
  if (!dev && !fs.existsSync('.next/BUILD_ID')) {
    log.info('no production build yet: running next build');
    const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  await migrateDatabase();
  await ensureFirstAdmin();

  const app = next({ dev, port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = forwardedClientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy);
    void handle(req, res);
  });
  // No total time limit on /v2 uploads, which may take as long as they keep sending; headers and
  // every other route keep theirs (lib/registry/server-timeouts.ts).
  applyServerTimeouts(server);
  server.listen(config.port, () => log.info({ port: config.port }, `Berth is listening on http://localhost:${config.port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  log.fatal({ err: error }, 'Berth could not start');
  process.exit(1);
});
