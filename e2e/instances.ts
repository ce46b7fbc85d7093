// Berth instances a spec starts itself: the production build (made by the webServer) on a PostgreSQL
// database of the spec's own, so that it can read and shape the stored rows, and stop them cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePortsSync } from './env';
import { DATABASE_DUMPS_DIR, dumpDatabase, EXTRA_LOGS_DIR } from './leak-record';
import { expectOwnServer } from './own-servers';

const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const ROOT = path.join(__dirname, '..');

export type Instance = { name: string; port: number; url: string; child: ChildProcess; exit: Promise<unknown> };

/** A database, its first admin, and the instances started on it. */
export class InstanceGroup {
  readonly database: string;
  readonly admin = { name: 'admin', password: `instances-${randomBytes(12).toString('base64url')}` };
  readonly instances: Instance[] = [];
  private db: ReturnType<typeof postgres> | null = null;

  constructor(
    private readonly prefix: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.database = `berth_e2e_${prefix}_${process.pid}_${Date.now().toString(36)}`;
  }

  private maintenance = () => postgres(`${POSTGRES_URL}/postgres`, { max: 1, onnotice: () => {} });

  async createDatabase() {
    const server = this.maintenance();
    try {
      await server.unsafe(`create database "${this.database}"`);
    } finally {
      await server.end();
    }
  }

  /** A client of the group's database, for reading and shaping rows. */
  sql() {
    this.db ??= postgres(`${POSTGRES_URL}/${this.database}`, { max: 1, onnotice: () => {} });
    return this.db;
  }

  async start(name: string): Promise<Instance> {
    const [port] = freePortsSync(1);
    fs.mkdirSync(EXTRA_LOGS_DIR, { recursive: true });
    const log = path.join(EXTRA_LOGS_DIR, `instance-${this.prefix}-${name}-${port}.log`);
    const out = fs.openSync(log, 'a');
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/server.ts'], {
      cwd: ROOT,
      // Its own process group, so that stopping it stops tsx's child process too.
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: `${POSTGRES_URL}/${this.database}`,
        ADMIN_USERNAME: this.admin.name,
        ADMIN_PASSWORD: this.admin.password,
        TRUST_PROXY: '1',
        RATE_LIMIT_IP_FAILURES: '1000',
        ...this.env,
      },
    });
    fs.closeSync(out);
    const exit = new Promise((resolve) => child.once('exit', resolve));
    const instance = { name, port, url: `http://127.0.0.1:${port}`, child, exit };
    this.instances.push(instance);
    const deadline = Date.now() + 90_000;
    let exited = false;
    void exit.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const healthy = await fetch(`${instance.url}/api/health`).then((r) => r.ok, () => false);
      if (healthy) {
        expectOwnServer(port, child.pid!, `Instance ${name}`);
        return instance;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Instance ${name} did not become healthy:\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
  }

  /** SIGTERM, as a process manager stops a server: a clean shutdown (SIGKILL only if it hangs). */
  async stop({ child, exit }: Instance) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    process.kill(-child.pid, 'SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
    if (!stopped) {
      process.kill(-child.pid, 'SIGKILL');
      await exit;
    }
  }

  /** Stops every instance, keeps what the database held for the leak check, and drops it. */
  async close() {
    try {
      await Promise.all(this.instances.map((i) => this.stop(i)));
      const db = this.sql();
      try {
        const rows = await dumpDatabase((text) => db.unsafe(text));
        fs.mkdirSync(DATABASE_DUMPS_DIR, { recursive: true });
        fs.writeFileSync(path.join(DATABASE_DUMPS_DIR, `${this.database}.txt`), rows);
      } catch {
        // The database was never made; there is nothing to read.
      } finally {
        await db.end();
        this.db = null;
      }
    } finally {
      const server = this.maintenance();
      try {
        await server.unsafe(`drop database if exists "${this.database}" with (force)`);
      } finally {
        await server.end();
      }
    }
  }
}
