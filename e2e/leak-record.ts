// The evidence for the leak check (no-plaintext-secrets.check.ts): every password and access token
// the suite used, and every HTTP answer it received. Workers are separate processes, so each
// appends to files of its own under LEAK_RECORD_DIR; the check reads them all once the suite is done.
import fs from 'node:fs';
import path from 'node:path';
import { test, type APIResponse, type Request, type Route } from '@playwright/test';
import { LEAK_RECORD_DIR } from './env';

export type SecretKind = 'password' | 'token';
/**
 * `created`: an access token Berth made and answered once (its one allowed appearance). Every other
 * secret, passwords and anything merely sent (a forged or guessed token too), may appear nowhere.
 */
export type SecretRecord = { kind: SecretKind; created: boolean; value: string; source: string; test: string };

/** One HTTP answer as the suite received it; the body in base64, exactly as its bytes came. */
export type ExchangeRecord = {
  test: string;
  client: 'api' | 'browser' | 'node';
  method: string;
  url: string;
  status: number;
  /**
   * A server action call: the request carried `Next-Action`, or (a form posted without JavaScript)
   * its body names the action in a `$ACTION_ID_…` field.
   */
  action: boolean;
  headers: Record<string, string>;
  body: string;
  /** Why the body could not be read, when it could not; starts with BLOB for a streamed blob. */
  bodyUnavailable?: string;
};

export const BLOB = 'a blob';

export const TOKEN_SHAPE = /^brt_[0-9A-Za-z]{42}$/;
/**
 * Shorter strings are wrong guesses like "wrong" that tests send to be refused; they would match
 * by chance in a database file and prove nothing.
 */
export const MIN_SECRET_LENGTH = 8;
/** Bodies beyond this are blobs a test streamed, not answers that could carry a secret. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type RecordKind = 'secrets' | 'exchanges';
const processSuffix = `${process.env.TEST_WORKER_INDEX ?? 'main'}-${process.pid}`;

/** Synchronous appends: a record is on disk before the test that made it goes on. */
function append(kind: RecordKind, record: SecretRecord | ExchangeRecord) {
  fs.mkdirSync(LEAK_RECORD_DIR, { recursive: true });
  fs.appendFileSync(path.join(LEAK_RECORD_DIR, `${kind}-${processSuffix}.jsonl`), `${JSON.stringify(record)}\n`);
}

function currentTest(): string {
  try {
    return test.info().titlePath.join(' › ');
  } catch {
    return '(outside a test)';
  }
}

const recordedSecrets = new Set<string>();

/** A password or access token the suite used; which one it is follows from its shape. */
export function recordSecret(value: string, source: string, opts: { created?: boolean } = {}) {
  const created = opts.created ?? false;
  if (value.length < MIN_SECRET_LENGTH || recordedSecrets.has(`${created}:${value}`)) return;
  recordedSecrets.add(`${created}:${value}`);
  append('secrets', { kind: TOKEN_SHAPE.test(value) ? 'token' : 'password', created, value, source, test: currentTest() });
}

/** The secret inside an `Authorization` header: Basic `name:secret`, or a Bearer access token. */
export function recordAuthorization(value: string | undefined, source: string) {
  if (!value) return;
  const [scheme, credential = ''] = value.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) recordSecret(decoded.slice(colon + 1), source);
  } else if (scheme.toLowerCase() === 'bearer' && TOKEN_SHAPE.test(credential)) {
    recordSecret(credential, source);
  }
}

const SECRET_FIELD = /password|secret/i;

/** Password fields of a request body or form: `password`, `newPassword`, React's `1_password`… */
export function recordSecretFields(fields: Iterable<[string, unknown]>, source: string) {
  for (const [name, value] of fields) {
    if (typeof value === 'string' && SECRET_FIELD.test(name.replace(/^\d+_/, ''))) recordSecret(value, `${source} (${name})`);
  }
}

export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

export function recordExchange(exchange: Omit<ExchangeRecord, 'test' | 'body' | 'bodyUnavailable'> & { body?: Buffer; bodyUnavailable?: string }) {
  const { body, ...rest } = exchange;
  let bodyUnavailable = exchange.bodyUnavailable;
  if (body && body.length > MAX_BODY_BYTES) bodyUnavailable = `${BLOB} of ${body.length} bytes`;
  append('exchanges', {
    ...rest,
    test: currentTest(),
    body: body && !bodyUnavailable ? body.toString('base64') : '',
    ...(bodyUnavailable ? { bodyUnavailable } : {}),
  });
}

/** An answer the suite received but could not record: the check reports it as a gap. */
export function recordUnreadable(client: ExchangeRecord['client'], error: unknown) {
  recordExchange({ client, method: '', url: '', status: 0, action: false, headers: {}, bodyUnavailable: String(error).split('\n')[0] });
}

/** An answer to the `request` fixture (APIRequestContext); new access tokens in it become secrets. */
export async function recordApiResponse(method: string, response: APIResponse) {
  let body: Buffer | undefined;
  let bodyUnavailable: string | undefined;
  try {
    body = await response.body();
  } catch (error) {
    bodyUnavailable = String(error);
  }
  const url = new URL(response.url());
  recordExchange({ client: 'api', method, url: response.url(), status: response.status(), action: false, headers: response.headers(), body, bodyUnavailable });
  if (method === 'POST' && url.pathname === '/api/v0/api_tokens' && response.status() === 200 && body) {
    let created: { token?: unknown } = {};
    try {
      created = JSON.parse(body.toString('utf8')) as { token?: unknown };
    } catch {
      // Not JSON: the check reports a token it finds in it all the same.
    }
    if (typeof created.token === 'string') recordSecret(created.token, `POST ${url.pathname}`, { created: true });
  }
}

/** Static files are the build's own: nothing a request did can be in them. */
const isStaticAsset = (url: string) => new URL(url).pathname.startsWith('/_next/static/');

/** The secrets a browser sends in a form: the sign-in form, New user, Change password. */
export async function recordBrowserRequest(request: Request) {
  const data = request.postDataBuffer();
  const contentType = request.headers()['content-type'] ?? '';
  if (!data || !/multipart\/form-data|application\/x-www-form-urlencoded/.test(contentType)) return;
  try {
    const form = await new Response(new Uint8Array(data), { headers: { 'content-type': contentType } }).formData();
    recordSecretFields(form.entries(), `browser ${request.method()} ${new URL(request.url()).pathname}`);
  } catch {
    // Not a form after all; it carried no field of ours.
  }
}

/**
 * A route for every browser request but static files: fetched here, recorded whole, and handed to
 * the page as it came. Reading answers off the 'response' event loses most of them: Chromium keeps
 * no copy of a streamed RSC answer once the page has moved on ("No data found for resource").
 */
export async function recordingRoute(route: Route) {
  const request = route.request();
  if (isStaticAsset(request.url())) return route.fallback();
  let fetched;
  try {
    // Redirects go back to the browser, which follows them itself.
    const response = await route.fetch({ maxRedirects: 0 });
    fetched = { response, body: await response.body() };
  } catch (error) {
    // The server is gone or the context is closing: the browser sees the failure it would have.
    await route.abort().catch(() => {});
    throw error;
  }
  const { response, body } = fetched;
  recordExchange({
    client: 'browser',
    method: request.method(),
    url: response.url(),
    status: response.status(),
    action: request.headers()['next-action'] !== undefined || (request.method() === 'POST' && (request.postData() ?? '').includes('$ACTION_ID_')),
    headers: response.headers(),
    body,
  });
  // The page may have given up on a prefetch meanwhile.
  await route.fulfill({ response, body }).catch(() => {});
}

/** Server logs and database contents from servers a spec started itself, for the check to read. */
export const EXTRA_LOGS_DIR = path.join(LEAK_RECORD_DIR, 'logs');
export const DATABASE_DUMPS_DIR = path.join(LEAK_RECORD_DIR, 'databases');

type RowQuery = (text: string) => Promise<Record<string, unknown>[]>;

/** Every row of every table as PostgreSQL's text form, one per line: what the database holds. */
export async function dumpDatabase(query: RowQuery): Promise<string> {
  const tables = await query(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const lines: string[] = [];
  for (const { name } of tables) {
    for (const row of await query(`select t::text as row from ${String(name)} t`)) lines.push(`${String(name)} ${String(row.row)}`);
  }
  return lines.join('\n');
}
