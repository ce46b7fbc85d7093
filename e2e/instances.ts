// Berth instances a spec starts itself: the production build (made by the webServer) on a PostgreSQL
// database of the spec's own, so that it can read and shape the stored rows, and stop them cleanly.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { DATABASE_DUMPS_DIR, dumpDatabase } from './leak-record';
import { startServer, stopServer, type ServerProcess } from './server-process';

const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export type Instance = ServerProcess;

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

  /** An instance on the group's database (after the first, the migrations are done). */
  async start(name: string, port?: number): Promise<Instance> {
    const instance = await startServer({
      name: `instance-${this.prefix}-${name}`,
      port,
      timeoutMs: 90_000,
      env: {
        DATABASE_URL: `${POSTGRES_URL}/${this.database}`,
        ADMIN_USERNAME: this.admin.name,
        ADMIN_PASSWORD: this.admin.password,
        TRUST_PROXY: '1',
        RATE_LIMIT_IP_FAILURES: '1000',
        ...this.env,
      },
    });
    this.instances.push(instance);
    return instance;
  }

  /** SIGTERM, as a process manager stops a server: a clean shutdown (SIGKILL only if it hangs). */
  stop(instance: Instance) {
    return stopServer(instance);
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
