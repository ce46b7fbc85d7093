// Prepared statements for the embedded PGlite (docs/decisions/009-prepared-statements-on-pglite.md).
// PGlite's own `query()` parses, plans and describes every statement again, in six calls into the
// WASM backend; for the repository list that is two thirds of its cost. This client parses each query
// text once as a named statement and then sends Bind, Describe, Execute and Sync in one call, like
// postgres.js with `prepare: true` on PostgreSQL. Only what drizzle uses is offered: `query` outside
// transactions (transactions keep PGlite's own path, so no statement is ever created in one) and
// `transaction`.
import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;

/** Prepared statements kept per process; the oldest is closed past this (query texts are a fixed set). */
const MAX_STATEMENTS = 200;

type Statement = { name: string; paramTypes: number[] };

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A statement the backend no longer has, or whose result columns changed under it (DDL): parse again. */
function isStale(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '26000' || (code === '0A000' && /cached plan/.test(message ?? ''));
}

/** A statement that only reads: one that starts with `select` (drizzle's reads do; `for update` locks change nothing). */
const READ_ONLY = /^\s*\(?\s*select\b/i;

/** `onWrite` runs once each statement or transaction that may have changed data has ended (db/read-cache.ts). */
export function withPreparedStatements(pg: PGlite, onWrite: () => void = () => {}): PGlite {
  const statements = new Map<string, Statement>();
  let counter = 0;

  async function forget(text: string) {
    const statement = statements.get(text);
    if (!statement) return;
    statements.delete(text);
    await pg.execProtocolStream(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), { syncToFs: false });
  }

  async function prepare(text: string): Promise<Statement> {
    if (statements.size >= MAX_STATEMENTS) await forget(statements.keys().next().value!);
    const name = `berth_${++counter}`;
    const messages = await pg.execProtocolStream(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    return statement;
  }

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, retry: boolean): Promise<Results<T>> {
    const statement = statements.get(text) ?? (await prepare(text));
    // Serialized as PGlite's query() does, by the parameter types the backend described.
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.paramTypes[i];
      const serializer = options?.serializers?.[oid] ?? pg.serializers[oid];
      return serializer ? serializer(param) : String(param);
    });
    try {
      const messages = await pg.execProtocolStream(
        concat([
          serialize.bind({ statement: statement.name, values: values as string[] }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      // PGlite would copy its whole parser table per query to add drizzle's few; chain them instead.
      const parsers = options?.parsers ? Object.assign(Object.create(pg.parsers), options.parsers) : pg.parsers;
      return parse.parseResults(messages, parsers, { ...options, parsers: undefined })[0] as Results<T>;
    } catch (error) {
      if (!retry || !isStale(error)) throw error;
      await forget(text);
      return run(text, params, options, false);
    }
  }

  async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    await pg._checkReady();
    // The same two locks as PGlite's query(): never inside someone else's open transaction.
    return pg._runExclusiveTransaction(() =>
      pg._runExclusiveQuery(async () => {
        try {
          return await run<T>(text, params, options, true);
        } finally {
          if (!READ_ONLY.test(text)) onWrite();
          await pg.syncToFs();
        }
      }),
    );
  }

  const transaction: PGlite['transaction'] = async (callback) => {
    try {
      return await pg.transaction(callback);
    } finally {
      onWrite();
    }
  };

  return { query, transaction } as unknown as PGlite;
}
