// Free TCP ports for the servers a run starts itself (the Playwright suite, `npm run bench`), so that a
// run never meets a server someone else left on a fixed port. Picked at random below the kernel's
// ephemeral range: an outgoing connection never takes one of those as its local port in the minutes
// before the server binds it (the suite builds Next.js first), and two runs at once seldom draw the
// same one. Each is checked by listening on it on every address, as Berth itself listens.
// `node scripts/free-ports.mjs N` prints N of them, for a caller that must be synchronous.
import fs from 'node:fs';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const LOWEST = 20_000;

/** The first port of the kernel's ephemeral range (Linux), or the IANA one elsewhere. */
function ephemeralStart() {
  try {
    const start = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) ? start : 49_152;
  } catch {
    return 49_152;
  }
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct ports that nothing listens on now. */
export async function freePorts(count) {
  const start = ephemeralStart();
  // An ephemeral range that starts this low leaves no such room: then any free port will do.
  const [low, high] = start - LOWEST >= 1_000 ? [LOWEST, start] : [LOWEST, 65_536];
  const ports = new Set();
  for (let tries = 0; ports.size < count; tries++) {
    if (tries > 1_000) throw new Error(`No ${count} free ports found between ${low} and ${high}`);
    const port = low + Math.floor(Math.random() * (high - low));
    if (!ports.has(port) && (await canListen(port))) ports.add(port);
  }
  return [...ports];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log((await freePorts(Number(process.argv[2] ?? 1))).join(' '));
}
