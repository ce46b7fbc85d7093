// SPEC 10, "Configuration is checked at start": an invalid variable stops `npm start` (and
// `npm run db:migrate`) with one line naming the variable and its rule, exit code 1, before anything
// else happens: no build, no migration, no database.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';

const ROOT = path.join(__dirname, '..');

/** Each invalid value, and the words its line must hold. */
const INVALID: [string, string, string][] = [
  ['ADMIN_USERNAME', 'Admin', 'ADMIN_USERNAME must be a valid account name (2 to 64 lowercase letters, digits, and . _ - between them)'],
  ['ADMIN_USERNAME', 'brt_0AbCdEfGh', 'ADMIN_USERNAME must be a valid account name'],
  ['ADMIN_USERNAME', 'a', 'ADMIN_USERNAME must be a valid account name'],
  ['ADMIN_PASSWORD', 'short', 'ADMIN_PASSWORD must be 8 to 256 characters'],
  ['DATABASE_URL', 'localhost:5432/berth', 'DATABASE_URL must be a postgres:// URL'],
  ['DATABASE_URL', 'mysql://root@127.0.0.1/berth', 'DATABASE_URL must be a postgres:// URL'],
  ['DATABASE_URL', 'postgres://', 'DATABASE_URL must be a postgres:// URL'],
  ['REGISTRY_UPSTREAM_URL', 'localhost:5000', 'REGISTRY_UPSTREAM_URL must be an http:// or https:// URL'],
  ['REGISTRY_UPSTREAM_URL', 'ftp://127.0.0.1:5000', 'REGISTRY_UPSTREAM_URL must be an http:// or https:// URL'],
  ['REGISTRY_GC_CRON', 'weekly', 'REGISTRY_GC_CRON must be a cron schedule of five fields'],
  ['REGISTRY_GC_CRON', '61 3 * * 0', 'REGISTRY_GC_CRON must be a cron schedule of five fields'],
  ['PUBLIC_URL', 'berth.example.org', 'PUBLIC_URL must be an http:// or https:// URL'],
  ['PUBLIC_URL', 'javascript:alert(1)', 'PUBLIC_URL must be an http:// or https:// URL'],
  ['PUBLIC_URL', 'https://registry.example.com/?x=1', 'PUBLIC_URL must be an http:// or https:// URL'],
  ['PORT', '0', 'PORT must be a whole number from 1 to 65535'],
  ['PORT', '65536', 'PORT must be a whole number from 1 to 65535'],
  ['PORT', 'eighty', 'PORT must be a whole number from 1 to 65535'],
  ['PORT', '0x50', 'PORT must be a whole number from 1 to 65535'],
  ['LOCKOUT_THRESHOLD', '0', 'LOCKOUT_THRESHOLD must be a whole number, 1 or more'],
  ['LOCKOUT_THRESHOLD', '-5', 'LOCKOUT_THRESHOLD must be a whole number, 1 or more'],
  ['LOCKOUT_THRESHOLD', '2.5', 'LOCKOUT_THRESHOLD must be a whole number, 1 or more'],
  ['LOCKOUT_MINUTES', '-1', 'LOCKOUT_MINUTES must be a number of minutes greater than 0'],
  ['LOCKOUT_MINUTES', 'NaN', 'LOCKOUT_MINUTES must be a number of minutes greater than 0'],
  ['RATE_LIMIT_USER_FAILURES', 'ten', 'RATE_LIMIT_USER_FAILURES must be a whole number, 1 or more'],
  ['RATE_LIMIT_IP_FAILURES', '1e3', 'RATE_LIMIT_IP_FAILURES must be a whole number, 1 or more'],
  ['RATE_LIMIT_WINDOW_MINUTES', '0', 'RATE_LIMIT_WINDOW_MINUTES must be a number of minutes greater than 0'],
  ['TRUST_PROXY', 'yes', 'TRUST_PROXY must be the number of proxies in front of Berth (0 to 99)'],
  ['REGISTRY_MAX_UPSTREAM_CONNECTIONS', '0', 'REGISTRY_MAX_UPSTREAM_CONNECTIONS must be a whole number, 1 or more'],
  ['REGISTRY_MAX_CONNECTIONS_PER_CLIENT', 'many', 'REGISTRY_MAX_CONNECTIONS_PER_CLIENT must be a whole number, 1 or more'],
  ['REGISTRY_QUEUE_TIMEOUT_SECONDS', '-1', 'REGISTRY_QUEUE_TIMEOUT_SECONDS must be a number of seconds (0 or more)'],
  ['REGISTRY_BODY_IDLE_TIMEOUT_SECONDS', '0', 'REGISTRY_BODY_IDLE_TIMEOUT_SECONDS must be a number of seconds greater than 0'],
  ['AUDIT_RETENTION_DAYS', '-1', 'AUDIT_RETENTION_DAYS must be a whole number from 0 to 36500'],
  ['AUDIT_RETENTION_DAYS', '30.5', 'AUDIT_RETENTION_DAYS must be a whole number from 0 to 36500'],
  ['AUDIT_RETENTION_DAYS', 'forever', 'AUDIT_RETENTION_DAYS must be a whole number from 0 to 36500'],
  ['SECRET_SCANNING_KEYS_URL', 'keys.example.com/list', 'SECRET_SCANNING_KEYS_URL must be an http:// or https:// URL'],
  ['SECRET_SCANNING_KEYS_URL', 'https://keys.example.com/list?x=1', 'SECRET_SCANNING_KEYS_URL must be an http:// or https:// URL'],
  ['SECRET_SCANNING_KEYS_FILE', 'keys\n.json', 'SECRET_SCANNING_KEYS_FILE must be a file path'],
  ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
];

describe('parseConfig', () => {
  it.each(INVALID)('refuses %s=%j with one line naming it and its rule', (name, value, words) => {
    expect(() => parseConfig({ [name]: value })).toThrow(`Invalid configuration: ${words}`);
    try {
      parseConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      // A URL may carry a password: the line never repeats the value.
      if (value.length > 2 && !words.includes(value)) expect((error as Error).message).not.toContain(value);
    }
  });

  it('names every invalid variable on the same line', () => {
    expect(() => parseConfig({ PORT: 'x', LOCKOUT_THRESHOLD: '0' })).toThrow(
      /^Invalid configuration: PORT must be .*; LOCKOUT_THRESHOLD must be [^\n]*$/,
    );
  });

  it('takes the defaults for unset and empty variables, and valid values as they are meant', () => {
    const defaults = parseConfig({ PORT: '', DATABASE_URL: '', PUBLIC_URL: '', TRUST_PROXY: '' });
    expect(defaults).toMatchObject({ port: 3000, databaseUrl: undefined, publicUrl: undefined, trustProxy: 0, adminUsername: 'admin', lockoutThreshold: 5, auditRetentionDays: 365 });
    expect(parseConfig({ AUDIT_RETENTION_DAYS: '0' }).auditRetentionDays).toBe(0);
    expect(defaults.secretScanningKeys).toEqual({ url: undefined, file: undefined });
    expect(parseConfig({ SECRET_SCANNING_KEYS_URL: 'https://keys.example.com/list/', SECRET_SCANNING_KEYS_FILE: 'keys.json' }).secretScanningKeys).toEqual({ url: 'https://keys.example.com/list', file: path.resolve('keys.json') });
    const set = parseConfig({
      PORT: '4000',
      DATABASE_URL: 'postgres://berth:s3cret@db.internal:5432/berth?sslmode=require',
      PUBLIC_URL: 'https://registry.example.com/',
      REGISTRY_UPSTREAM_URL: 'http://127.0.0.1:5000',
      ADMIN_USERNAME: 'ops.admin',
      TRUST_PROXY: 'true',
      LOCKOUT_MINUTES: '0.5',
    });
    expect(set).toMatchObject({
      port: 4000,
      databaseUrl: 'postgres://berth:s3cret@db.internal:5432/berth?sslmode=require',
      publicUrl: 'https://registry.example.com',
      registryUpstreamUrl: 'http://127.0.0.1:5000',
      adminUsername: 'ops.admin',
      trustProxy: 1,
      lockoutMs: 30_000,
    });
    expect(parseConfig({ DATABASE_URL: 'postgresql:///berth?host=/var/run/postgresql' }).databaseUrl).toBeDefined();
  });
});

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs an entry script (`.ts` through tsx, as `npm run db:migrate` does; `.mjs` on plain Node, as `npm start` does). */
function runScript(script: string, env: Record<string, string>, dataDir: string): Promise<Run> {
  const [command, args] = script.endsWith('.ts') ? [path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script]] : [process.execPath, [script]];
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A start that got past the check would go on serving: stop it, and the test fails on its code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start and npm run db:migrate with an invalid variable', () => {
  // One of each kind through the real entry points: the server as `npm start` runs it, compiled
  // (scripts/build-server.mjs) into a file of this run's own, whose bundled modules must still read
  // the configuration only after it was checked.
  const starts = INVALID.filter(([name], i) => INVALID.findIndex(([n]) => n === name) === i);
  const server = path.join('dist', `config-test-${process.pid}.mjs`);
  beforeAll(() => {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, env: { ...process.env, BERTH_SERVER_OUTFILE: server }, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }, 60_000);
  afterAll(() => {
    fs.rmSync(path.join(ROOT, server), { force: true });
    fs.rmSync(path.join(ROOT, `${server}.map`), { force: true });
  });

  it.each(starts)('stop at %s=%j: exit code 1, one line on stderr, nothing done', { timeout: 60_000 }, async (name, value, words) => {
    const dataDir = path.join(os.tmpdir(), `berth-config-test-${process.pid}-${name}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const run = await runScript(server, { [name]: value }, dataDir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^Invalid configuration: [^\n]+\n$/);
    expect(run.stderr).toContain(words);
    // Nothing else happened: no build announced, no database made.
    expect(run.stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('stops the migration script alike', { timeout: 60_000 }, async () => {
    const dataDir = path.join(os.tmpdir(), `berth-config-test-${process.pid}-migrate`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const run = await runScript('scripts/migrate.ts', { LOCKOUT_THRESHOLD: '0' }, dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Invalid configuration: LOCKOUT_THRESHOLD must be a whole number, 1 or more\n');
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
