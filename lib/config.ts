import path from 'node:path';
import { z } from 'zod';
import { parseCron } from '@/lib/registry/embedded/cron';
import { accountNameSchema } from '@/lib/validation';

// Every variable is optional, and an empty one counts as unset. A set one must mean what it says:
// a typo stops the start with one line naming the variable and its rule (SPEC 10), never runs on a
// value the code would read otherwise (`0x10`, `1e3`, ` 5`, `localhost:5000` as a URL scheme).

const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

function wholeNumber(min: number, max?: number) {
  const rule = max === undefined ? `must be a whole number, ${min} or more` : `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,15}$/, rule)
    .transform(Number)
    .refine((n) => n >= min && (max === undefined || n <= max), rule);
}

/** A number of `unit`s, fractions allowed: greater than 0, or 0 and more with `zero`. */
function amountOf(unit: string, opts: { zero?: boolean } = {}) {
  const rule = `must be a number of ${unit} ${opts.zero ? '(0 or more)' : 'greater than 0'}`;
  return z
    .string()
    .regex(/^\d{1,9}(\.\d+)?$/, rule)
    .transform(Number)
    .refine((n) => (opts.zero ? n >= 0 : n > 0), rule);
}
const minutes = amountOf('minutes');

function isCron(text: string) {
  try {
    parseCron(text);
    return true;
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A URL of one of `protocols` with a host, and no query or fragment unless `query` allows one. */
function urlOf(protocols: string[], rule: string, opts: { credentials?: boolean; query?: boolean } = {}) {
  return z.string().refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (!protocols.includes(url.protocol) || url.hash || (url.search && !opts.query)) return false;
    if (!opts.credentials && (url.username || url.password)) return false;
    // postgres.js reaches a Unix socket through `?host=/path` with no host in the URL itself.
    return !!url.hostname || (opts.query === true && url.searchParams.has('host'));
  }, rule);
}

const httpUrl = (example: string) =>
  urlOf(['http:', 'https:'], `must be an http:// or https:// URL with a host and no query, such as ${example}`).transform((v) => v.replace(/\/+$/, ''));

const schema = z.object({
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    urlOf(['postgres:', 'postgresql:'], 'must be a postgres:// URL, such as postgres://berth@127.0.0.1:5432/berth', { credentials: true, query: true }).optional(),
  ),
  DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('./data')),
  PORT: z.preprocess(unsetIfEmpty, wholeNumber(1, 65535).default(3000)),
  ADMIN_USERNAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .refine((v) => accountNameSchema.safeParse(v).success, 'must be a valid account name (2 to 64 lowercase letters, digits, and . _ - between them)')
      .default('admin'),
  ),
  // The rule of every password (lib/auth/passwords.ts): the first admin's is no exception.
  ADMIN_PASSWORD: z.preprocess(unsetIfEmpty, z.string().min(8, 'must be 8 to 256 characters').max(256, 'must be 8 to 256 characters').optional()),
  AUTH_SECRET: z.preprocess(unsetIfEmpty, z.string().optional()),
  NEXTAUTH_SECRET: z.preprocess(unsetIfEmpty, z.string().optional()),
  REGISTRY_UPSTREAM_URL: z.preprocess(unsetIfEmpty, httpUrl('http://127.0.0.1:5000').optional()),
  REGISTRY_SERVICE: z.preprocess(unsetIfEmpty, z.string().optional()),
  // The registry binary Berth runs when REGISTRY_UPSTREAM_URL is unset (lib/registry/embedded/).
  DOCKER_REGISTRY_BIN: z.preprocess(unsetIfEmpty, z.string().default('docker-registry')),
  // Where the child processes Berth starts (the embedded registry) find their programs.
  PATH: z.preprocess(unsetIfEmpty, z.string().default('/usr/local/bin:/usr/bin:/bin')),
  // Garbage collection of the embedded registry on a schedule (lib/registry/embedded/cron.ts); off when unset.
  REGISTRY_GC_CRON: z.preprocess(unsetIfEmpty, z.string().refine(isCron, 'must be a cron schedule of five fields, for example "0 3 * * 0"').optional()),
  // Sharing the connections to the registry (docs/decisions/011-proxy-framing-and-fairness.md).
  REGISTRY_MAX_UPSTREAM_CONNECTIONS: z.preprocess(unsetIfEmpty, wholeNumber(1).default(512)),
  REGISTRY_MAX_CONNECTIONS_PER_CLIENT: z.preprocess(unsetIfEmpty, wholeNumber(1).default(32)),
  REGISTRY_QUEUE_TIMEOUT_SECONDS: z.preprocess(unsetIfEmpty, amountOf('seconds', { zero: true }).default(10)),
  REGISTRY_BODY_IDLE_TIMEOUT_SECONDS: z.preprocess(unsetIfEmpty, amountOf('seconds').default(60)),
  // The number of proxies in front of Berth (SPEC 2); `true`/`false` read as 1/0.
  TRUST_PROXY: z.preprocess(
    (v) => (v === 'true' ? '1' : v === 'false' || v === '' || v === undefined ? '0' : v),
    z.string().regex(/^\d{1,2}$/, 'must be the number of proxies in front of Berth (0 to 99)').transform(Number),
  ),
  PUBLIC_URL: z.preprocess(unsetIfEmpty, httpUrl('https://registry.example.com').optional()),
  LOCKOUT_THRESHOLD: z.preprocess(unsetIfEmpty, wholeNumber(1).default(5)),
  LOCKOUT_MINUTES: z.preprocess(unsetIfEmpty, minutes.default(15)),
  RATE_LIMIT_USER_FAILURES: z.preprocess(unsetIfEmpty, wholeNumber(1).default(10)),
  RATE_LIMIT_IP_FAILURES: z.preprocess(unsetIfEmpty, wholeNumber(1).default(50)),
  RATE_LIMIT_WINDOW_MINUTES: z.preprocess(unsetIfEmpty, minutes.default(5)),
  // Days an audit event is kept (SPEC 2); 0 keeps every event for ever.
  AUDIT_RETENTION_DAYS: z.preprocess(unsetIfEmpty, wholeNumber(0, 36500).default(365)),
  // Token usage counting (SPEC 12); `off` only to measure what it costs (bench/figures/70-token-usage.mjs).
  TOKEN_USAGE: z.preprocess(unsetIfEmpty, z.enum(['on', 'off'], { error: 'must be on or off' }).default('on')),
  // Secret-scanning partner keys (SPEC 12, leak response): the code host's key-list URL, or a file in its format.
  SECRET_SCANNING_KEYS_URL: z.preprocess(unsetIfEmpty, httpUrl('https://api.github.com/meta/public_keys/secret_scanning').optional()),
  SECRET_SCANNING_KEYS_FILE: z.preprocess(unsetIfEmpty, z.string().refine((v) => !/[\u0000-\u001f]/.test(v), 'must be a file path').optional()),
  LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  NODE_ENV: z.preprocess(unsetIfEmpty, z.string().default('development')),
});

/** Thrown at the first import of this file when a variable is invalid; its message is one line. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/**
 * The configuration an environment describes. The message of an invalid one names each variable and
 * its rule on one line, and never repeats a value (a DATABASE_URL may hold a password).
 */
export function parseConfig(environment: Record<string, string | undefined>) {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigurationError(`Invalid configuration: ${[...new Set(problems)].join('; ')}`);
  }
  const env = parsed.data;
  return {
    databaseUrl: env.DATABASE_URL,
    // `memory://` keeps the embedded database in memory (tests).
    dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : path.resolve(env.DATA_DIR),
    port: env.PORT,
    adminUsername: env.ADMIN_USERNAME,
    adminPassword: env.ADMIN_PASSWORD,
    authSecret: env.AUTH_SECRET || env.NEXTAUTH_SECRET || undefined,
    registryUpstreamUrl: env.REGISTRY_UPSTREAM_URL,
    registryService: env.REGISTRY_SERVICE,
    registryGcCron: env.REGISTRY_GC_CRON,
    dockerRegistryBin: env.DOCKER_REGISTRY_BIN,
    systemPath: env.PATH,
    registryPool: {
      connections: env.REGISTRY_MAX_UPSTREAM_CONNECTIONS,
      perClient: env.REGISTRY_MAX_CONNECTIONS_PER_CLIENT,
      queueMs: env.REGISTRY_QUEUE_TIMEOUT_SECONDS * 1000,
    },
    registryBodyIdleMs: env.REGISTRY_BODY_IDLE_TIMEOUT_SECONDS * 1000,
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.PUBLIC_URL,
    lockoutThreshold: env.LOCKOUT_THRESHOLD,
    lockoutMs: env.LOCKOUT_MINUTES * 60_000,
    rateLimits: {
      userFailures: env.RATE_LIMIT_USER_FAILURES,
      ipFailures: env.RATE_LIMIT_IP_FAILURES,
      windowMs: env.RATE_LIMIT_WINDOW_MINUTES * 60_000,
    },
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    secretScanningKeys: { url: env.SECRET_SCANNING_KEYS_URL, file: env.SECRET_SCANNING_KEYS_FILE && path.resolve(env.SECRET_SCANNING_KEYS_FILE) },
    logLevel: env.LOG_LEVEL,
    tokenUsage: env.TOKEN_USAGE === 'on',
    production: env.NODE_ENV === 'production',
  };
}

export type Config = ReturnType<typeof parseConfig>;
export const config: Config = parseConfig(process.env);
