// A TCP proxy in front of PostgreSQL that a test can cut, for the "database unreachable" tests
// (test/integration/database-unreachable.test.ts, e2e/database-unreachable.spec.ts).
import net from 'node:net';

export type Mode = 'open' | 'cut' | 'silent';

/**
 * Pipes each connection to `target`. `cut()` ends every connection and closes new ones as soon as
 * they come (a clean close, as docker-proxy in front of a stopped container does), `refuse()` stops
 * listening (ECONNREFUSED), mode `silent` accepts and never answers; `restore()` lets them through again.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private listener?: net.Server;
  mode: Mode = 'open';
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(port = 0) {
    this.listener = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => this.listener!.once('error', reject).listen(port, '127.0.0.1', resolve));
    this.port = (this.listener.address() as net.AddressInfo).port;
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: net.Socket) {
    this.track(client);
    if (this.mode === 'cut') return void client.destroy();
    if (this.mode === 'silent') return;
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }

  /** Every connection dies, and new ones are accepted only to be closed (postgres.js: CONNECTION_CLOSED). */
  cut() {
    this.mode = 'cut';
    for (const socket of this.sockets) socket.destroy();
  }

  /** Nobody listens any more (ECONNREFUSED). */
  async refuse() {
    this.cut();
    await new Promise((resolve) => this.listener!.close(resolve));
  }

  async restore() {
    this.mode = 'open';
    if (this.listener?.listening) return;
    // The same port again; another process may hold it for a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.listen(this.port);
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async close() {
    this.cut();
    if (this.listener?.listening) await new Promise((resolve) => this.listener!.close(resolve));
  }
}
