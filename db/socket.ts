// The sockets postgres.js connects through (its `socket` option).
import net from 'node:net';

type Target = { host: string[]; port: number[]; path?: string | false };

/**
 * postgres.js 3.4.9 answers a connection that the other end closes cleanly before saying a word by
 * connecting again at once, for ever, while the query waiting for it never settles
 * (porsager/postgres#1193). That is what a port forwarder in front of a stopped PostgreSQL does
 * (docker-proxy, a TCP load balancer without a backend): every request would hang and the process
 * spin. Here such a close becomes an error, which fails the waiting query like a refused connection
 * does (503, lib/errors.ts). Everything else is postgres.js's own: the startup is written as soon as
 * the socket connects, `connect_timeout` runs from now, TLS wraps this socket, and several hosts are
 * tried in turn.
 */
export function startupSafeSockets() {
  let next = 0;
  return (options: Target): net.Socket => {
    const i = next++ % options.host.length;
    const socket = options.path ? net.connect(options.path) : net.connect(options.port[i] ?? options.port[0], options.host[i]);
    // postgres.js names the server in its errors by these.
    Object.assign(socket, { host: options.path || options.host[i], port: options.port[i] ?? options.port[0] });
    socket.once('end', () => {
      if (socket.bytesRead > 0) return;
      const error = Object.assign(new Error(`the server at ${options.path || `${options.host[i]}:${options.port[i]}`} closed the connection before answering`), {
        code: 'ECONNRESET',
      });
      socket.destroy(error);
    });
    return socket;
  };
}
