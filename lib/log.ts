// Structured JSON logs on stdout, one event per line (SPEC 2, LOG_LEVEL). No line may carry a secret,
// a query parameter, a header or a body (SPEC 10): errors are logged by their class and code only,
// never by a database driver's message (which spells out the failed SQL and its parameters), and the
// usual secret-bearing keys are redacted wherever they appear.
import pino from 'pino';
import { config } from '@/lib/config';

const REDACTED_KEYS = ['authorization', 'cookie', 'password', 'secret', 'token', 'headers', 'body', 'params', 'query'];

/** What a log line keeps of an error: its class, a database code, and a message that holds no input. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const fields: Record<string, unknown> = { type: error.name };
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z_]{2,32}$/.test(code)) {
      fields.code = code;
      break;
    }
  }
  // Driver errors (drizzle's "Failed query: … params: …", PostgreSQL's detail) quote their input.
  const fromDatabase = 'query' in error || /failed query|params:/i.test(error.message) || 'severity' in error;
  if (!fromDatabase) fields.message = error.message.slice(0, 300);
  if (!fromDatabase && error.stack) fields.stack = error.stack.split('\n').slice(1, 6).map((line) => line.trim());
  return fields;
}

const globalForLog = globalThis as unknown as { berthLog?: pino.Logger };

/** A logger with Berth's rules, writing to `destination` (stdout by default). */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
  level: config.logLevel,
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: errorFields, error: errorFields },
  redact: {
    paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
    censor: '[redacted]',
  },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The one logger of the process (kept on globalThis: the App Router and the Pages route share it). */
export const log: pino.Logger = (globalForLog.berthLog ??= createLogger());

/** A console argument as a log field: errors by `errorFields`, text without any quoted SQL. */
export function consoleField(value: unknown): unknown {
  if (value instanceof Error) return errorFields(value);
  if (typeof value === 'string') return /failed query|params:/i.test(value) ? '[database error text withheld]' : value.slice(0, 2000);
  return typeof value === 'object' ? '[object]' : value;
}

/**
 * Sends what anything in the process prints with console.* (Next.js reports a page's error that way,
 * with the error's message) through the logger and its rules instead.
 */
export function routeConsoleToLog() {
  const levels = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, (typeof levels)[keyof typeof levels]][]) {
    console[method] = (...args: unknown[]) => {
      const fields = args.map(consoleField);
      const text = fields.filter((f) => typeof f === 'string').join(' ');
      const errors = fields.filter((f) => f && typeof f === 'object');
      log[level](errors.length ? { errors } : {}, text || 'console output');
    };
  }
}
