// SPEC 8 and issue 5: no plaintext password or access token in the database, the server log or any
// HTTP answer the suite received, except each token once, in the answer that created it. The
// `leak-check` project runs this after every other spec, on what they recorded (e2e/leak-record.ts):
// the answers to the `request` fixture, to the browser and to registry-support's HTTP helpers. What
// the docker CLI and skopeo receive is out of reach; the secrets they were given are checked all
// the same in the database and the logs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ADMIN, DATA_DIR, LEAK_RECORD_DIR, SERVER_LOG } from './env';
import { expect, test } from './fixtures';
import {
  DATABASE_DUMPS_DIR,
  BLOB,
  dumpDatabase,
  EXTRA_LOGS_DIR,
  MIN_SECRET_LENGTH,
  type ExchangeRecord,
  type RecordKind,
  type SecretRecord,
} from './leak-record';

const TOKENS = /brt_[0-9A-Za-z]{42}(?![0-9A-Za-z])/g;

/** Many pieces of bytes searched as one latin1 string; a hit says which piece it fell in. */
class Haystack {
  private readonly parts: string[] = [];
  private readonly starts: number[] = [];
  readonly labels: string[] = [];
  private length = 0;
  private joined: string | undefined;

  add(label: string, bytes: Buffer) {
    this.starts.push(this.length);
    this.labels.push(label);
    const text = bytes.toString('latin1');
    this.parts.push(text, '\0');
    this.length += text.length + 1;
    this.joined = undefined;
  }

  private text() {
    this.joined ??= this.parts.join('');
    return this.joined;
  }

  /** The index of the piece of each occurrence of `needle` (UTF-8), one entry per occurrence. */
  find(needle: string): number[] {
    const text = this.text();
    const bytes = Buffer.from(needle, 'utf8').toString('latin1');
    const hits: number[] = [];
    for (let at = text.indexOf(bytes); at !== -1; at = text.indexOf(bytes, at + 1)) hits.push(this.pieceAt(at));
    return hits;
  }

  /** Every access-token-shaped string, with the piece it is in. */
  tokens(): { token: string; piece: number }[] {
    return [...this.text().matchAll(TOKENS)].map((m) => ({ token: m[0], piece: this.pieceAt(m.index) }));
  }

  private pieceAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/**
 * The base64 a secret takes inside a longer base64 text (a Basic header's `name:secret`), at each of
 * the three alignments it can start at; the partial first and last groups are left out.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    if (whole >= 6) forms.push(bytes.subarray(skip, skip + whole).toString('base64'));
  }
  return forms;
}

function readJsonLines<T>(prefix: RecordKind): T[] {
  if (!fs.existsSync(LEAK_RECORD_DIR)) return [];
  return fs
    .readdirSync(LEAK_RECORD_DIR)
    .filter((file) => file.startsWith(`${prefix}-`) && file.endsWith('.jsonl'))
    .flatMap((file) => fs.readFileSync(path.join(LEAK_RECORD_DIR, file), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as T);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
}

/** The embedded database's current rows, read from a copy: the server still has the original open. */
async function dumpEmbeddedDatabase(): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-leak-check-'));
  try {
    fs.cpSync(path.join(DATA_DIR, 'db'), copy, { recursive: true });
    const db = new PGlite(copy);
    try {
      return await dumpDatabase(async (text) => (await db.query<Record<string, unknown>>(text)).rows);
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

test('no password or access token anywhere but in the one answer that created the token', async ({ api }, testInfo) => {
  test.setTimeout(120_000);
  // A control made now, after everything else: the database copy must show its hash, proving the
  // copy is current, and its answer must hold it once, proving answers are recorded.
  const controlUser = await api.createUser({ prefix: 'leak-control' });
  const control = await api.createToken(controlUser, { tokenLabel: 'leak check control' });

  // What the suite used; a token counts as created if any worker saw it made.
  const secrets = new Map<string, SecretRecord>();
  const remember = (record: SecretRecord) => {
    const known = secrets.get(record.value);
    if (!known) secrets.set(record.value, record);
    else if (record.created && !known.created) secrets.set(record.value, { ...known, created: true, source: record.source, test: record.test });
  };
  readJsonLines<SecretRecord>('secrets').forEach(remember);
  remember({ kind: 'password', created: false, value: ADMIN.password, source: 'ADMIN in e2e/env.ts', test: '(every admin test)' });

  // What it received: bodies apart from URLs and headers, where no secret may ever be.
  const exchanges = readJsonLines<ExchangeRecord>('exchanges');
  const bodies = new Haystack();
  const urlsAndHeaders = new Haystack();
  for (const e of exchanges) {
    const label = `${e.client} ${e.method} ${e.url} → ${e.status}`;
    bodies.add(label, Buffer.from(e.body, 'base64'));
    urlsAndHeaders.add(label, Buffer.from(`${e.url}\n${JSON.stringify(e.headers)}`, 'utf8'));
  }
  // A token in a creation answer that no test read is a created token all the same; any other
  // token in a body is checked like a password, so that one nobody knew of is caught too.
  for (const { token, piece } of bodies.tokens()) {
    const e = exchanges[piece];
    remember({ kind: 'token', created: isTokenCreation(e), value: token, source: `seen in ${bodies.labels[piece]}`, test: e.test });
  }

  // Where nothing may be: the database (its files, write-ahead log included, and its rows) and logs.
  const stores: { name: string; haystack: Haystack }[] = [];
  const rawFiles = new Haystack();
  for (const file of filesUnder(DATA_DIR)) {
    try {
      rawFiles.add(path.relative(DATA_DIR, file), fs.readFileSync(file));
    } catch (error) {
      // A temporary file the server removed meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  stores.push({ name: 'the database files', haystack: rawFiles });
  const rows = new Haystack();
  rows.add('rows', Buffer.from(await dumpEmbeddedDatabase(), 'utf8'));
  for (const file of filesUnder(DATABASE_DUMPS_DIR)) rows.add(path.basename(file), fs.readFileSync(file));
  stores.push({ name: 'the database rows', haystack: rows });
  expect(fs.existsSync(SERVER_LOG), `The server log ${SERVER_LOG} is missing: stop any server on this port so that the config starts its own`).toBe(true);
  const serverLog = fs.readFileSync(SERVER_LOG);
  expect(serverLog.toString('utf8')).toContain('Berth is listening on');
  const logs = new Haystack();
  logs.add(path.basename(SERVER_LOG), serverLog);
  for (const file of filesUnder(EXTRA_LOGS_DIR)) logs.add(path.basename(file), fs.readFileSync(file));
  stores.push({ name: 'the server logs', haystack: logs });

  // The controls: the copy is current, and the creation answer was recorded.
  expect(rows.find(control.hashedToken).length, 'the control token in the database copy').toBeGreaterThan(0);
  expect(rawFiles.find(control.hashedToken).length, 'the control token in the database files').toBeGreaterThan(0);
  expect(secrets.get(control.token)?.created, 'the control token recorded as created').toBe(true);

  const problems: string[] = [];
  const named = (s: SecretRecord) =>
    `${s.created ? 'created token' : s.kind === 'token' ? 'token-shaped secret' : 'password'} ` +
    `${s.kind === 'token' ? `brt_…${s.value.slice(-4)}` : `${s.value.slice(0, 4)}…`} (${s.source}; ${s.test})`;
  for (const secret of secrets.values()) {
    if (secret.value.length < MIN_SECRET_LENGTH) continue;
    const forms = [{ form: 'plaintext', needle: secret.value }, ...base64Forms(secret.value).map((needle) => ({ form: 'base64', needle }))];
    const encoded = encodeURIComponent(secret.value);
    if (encoded !== secret.value) forms.push({ form: 'URL-encoded', needle: encoded });
    for (const { form, needle } of forms) {
      for (const { name, haystack } of stores) {
        const hits = haystack.find(needle);
        if (hits.length) problems.push(`${named(secret)}: ${form} in ${name} (${[...new Set(hits.map((i) => haystack.labels[i]))].join(', ')})`);
      }
      const inMeta = urlsAndHeaders.find(needle);
      if (inMeta.length) problems.push(`${named(secret)}: ${form} in the URL or headers of ${inMeta.map((i) => urlsAndHeaders.labels[i]).join(', ')}`);
      // Answers, not occurrences: a page rendered without JavaScript shows the new token in the field,
      // in a ready line and in its hydration data, all in the one answer of the POST that made it.
      const inBodies = [...new Set(bodies.find(needle))];
      const once = secret.created && form === 'plaintext';
      if (once && inBodies.length === 0) {
        problems.push(`${named(secret)}: its creation answer was not recorded`);
      } else if (inBodies.length && !(once && inBodies.length === 1 && isTokenCreation(exchanges[inBodies[0]]))) {
        problems.push(`${named(secret)}: ${form} ${inBodies.length} times in answer bodies (${inBodies.map((i) => bodies.labels[i]).join(', ')})`);
      }
    }
  }
  // Any token-shaped string where none may be, even one no test knew of.
  for (const { name, haystack } of stores) {
    for (const { token, piece } of haystack.tokens()) {
      if (!secrets.has(token)) problems.push(`an unknown token brt_…${token.slice(-4)} in ${name} (${haystack.labels[piece]})`);
    }
  }

  const unreadable = exchanges.filter((e) => e.bodyUnavailable);
  testInfo.annotations.push({
    type: 'leak check',
    description:
      `${secrets.size} secrets (${[...secrets.values()].filter((s) => s.created).length} created tokens); ` +
      `${exchanges.length} answers (${exchanges.filter((e) => e.client === 'browser').length} in the browser), ` +
      `${unreadable.length} without a readable body; ${filesUnder(DATA_DIR).length} database files; ${logs.labels.length} logs`,
  });
  // Every answer must have been read, but for the blobs the registry specs stream.
  for (const e of unreadable.filter((e) => !e.bodyUnavailable?.startsWith(BLOB))) {
    problems.push(`the body of ${e.method} ${e.url} (${e.test}) could not be recorded: ${e.bodyUnavailable}`);
  }
  expect(problems).toEqual([]);
});

/** The API's POST /api/v0/api_tokens, the New access token dialog's server action, or the OIDC exchange. */
function isTokenCreation(e: ExchangeRecord): boolean {
  if (e.method !== 'POST' || e.status !== 200) return false;
  // A creation, a rotation or a trusted-publishing exchange (SPEC 12): each answers its new secret once.
  const path = new URL(e.url).pathname;
  return e.action || path === '/api/v0/api_tokens' || path === '/auth/oidc/token' || /^\/api\/v0\/api_tokens\/[0-9a-f]{64}\/rotate$/.test(path);
}

