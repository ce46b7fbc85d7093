import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ADMIN, BASE_URL, CHROMIUM_PATH, DATA_DIR, PORT, REGISTRY_PORT, REGISTRY_STORAGE, SCANNING_KEYS_FILE, SERVER_ARGS, SERVER_LOG } from './e2e/env';

const CI = !!process.env.CI;
// Paths go into the servers' shell commands.
const quoted = (file: string) => JSON.stringify(file);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores: one worker per core leaves the server room to answer.
  workers: 2,
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: BASE_URL,
    trace: 'on-first-retry',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      // The leak check reads what every other spec recorded, so it runs once they are all done.
      name: 'leak-check',
      testMatch: /\.check\.ts$/,
      dependencies: ['chromium'],
    },
  ],
  // Both on free ports of this run's own (e2e/env.ts), never an existing server: one left on a port by
  // someone else would answer in their place.
  webServer: [
    {
      // The real distribution registry behind Berth for the registry specs, on storage of its own.
      command: `rm -rf ${quoted(REGISTRY_STORAGE)} ${quoted(`${REGISTRY_STORAGE}.log`)} && npx tsx scripts/registry.ts`,
      url: `http://127.0.0.1:${REGISTRY_PORT}/v2/`,
      env: {
        REGISTRY_PORT: String(REGISTRY_PORT),
        REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: REGISTRY_STORAGE,
        // The registry logs every 404 a client's existence check gets; keep them out of the test output.
        REGISTRY_LOG_FILE: `${REGISTRY_STORAGE}.log`,
      },
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The production build of the current code (`npm run build`: the app and dist/server.mjs), run on
      // plain Node as `npm start` runs it, on a database of its own that starts empty. The server's
      // output goes to SERVER_LOG for the leak check; its stderr is also shown here.
      command:
        `npm run build && rm -rf ${quoted(DATA_DIR)} ${quoted(SERVER_LOG)} && mkdir -p ${quoted(path.dirname(SERVER_LOG))} && ` +
        `{ node ${SERVER_ARGS.join(' ')} 2>&1 1>&3 | tee -a ${quoted(SERVER_LOG)} >&2; } 3>>${quoted(SERVER_LOG)}`,
      url: `${BASE_URL}/api/health`,
      env: {
        NODE_ENV: 'production',
        PORT: String(PORT),
        DATA_DIR,
        DATABASE_URL: '',
        ADMIN_USERNAME: ADMIN.name,
        ADMIN_PASSWORD: ADMIN.password,
        REGISTRY_UPSTREAM_URL: `http://127.0.0.1:${REGISTRY_PORT}`,
        // As behind one TLS-terminating load balancer: hardening.spec.ts sends X-Forwarded-Proto.
        TRUST_PROXY: '1',
        // Every test fails credentials from 127.0.0.1 on purpose; the IP limit has its own Vitest test.
        RATE_LIMIT_IP_FAILURES: '1000',
        SECRET_SCANNING_KEYS_FILE: SCANNING_KEYS_FILE,
      },
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
