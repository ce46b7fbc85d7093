import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v ? v.replace(/\/+$/, '') : undefined))
  .pipe(z.url().optional());

const schema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ADMIN_USERNAME: z.string().default('admin'),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  AUTH_SECRET: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  REGISTRY_UPSTREAM_URL: optionalUrl,
  REGISTRY_SERVICE: z.string().optional(),
  // Sharing the connections to the registry (docs/decisions/011-proxy-framing-and-fairness.md).
  REGISTRY_MAX_UPSTREAM_CONNECTIONS: z.coerce.number().int().min(1).default(512),
  REGISTRY_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).default(32),
  REGISTRY_QUEUE_TIMEOUT_SECONDS: z.coerce.number().min(0).default(10),
  REGISTRY_BODY_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  // The number of proxies in front of Berth (SPEC 2); `true`/`false` read as 1/0.
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) => (v === 'true' ? '1' : v === 'false' || !v ? '0' : v))
    .pipe(z.string().regex(/^\d{1,2}$/, 'must be the number of proxies in front of Berth (0 to 99)'))
    .transform(Number),
  PUBLIC_URL: optionalUrl,
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  LOCKOUT_MINUTES: z.coerce.number().min(0).default(15),
  RATE_LIMIT_USER_FAILURES: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_IP_FAILURES: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().min(0).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
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
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === 'production',
  };
}

export type Config = ReturnType<typeof load>;
export const config: Config = load();
