// Berth's production server as the figures run it, and the bench user they measure with.
import { api, basic } from './http.mjs';
import { freePort, start, waitFor } from './servers.mjs';
import { ADMIN, USER } from './settings.mjs';

/**
 * Starts the production server (`dist/server.mjs`, as `npm start` runs it) on a free port with `env`
 * (DATA_DIR or DATABASE_URL, upstream) and waits for its health. The server is this one process (its
 * RSS and CPU are measured).
 */
export async function startBerth(name, env) {
  const port = await freePort();
  // Node's arguments as `npm start` gives them (package.json).
  const child = start(name, process.execPath, ['--max-semi-space-size=4', '--v8-pool-size=2', '--initial-old-space-size=128', 'dist/server.mjs'], {
    NODE_ENV: 'production',
    PORT: String(port),
    ADMIN_USERNAME: ADMIN.name,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, (s) => s === 200);
  return { url, pid: child.pid, child };
}

/** Creates the bench user with a token and 50 repositories; returns the token's Basic header. */
export async function seedBenchUser(url) {
  await api(url, 'POST', '/enzi/v0/accounts', ADMIN, { name: USER.name, password: USER.password });
  const { token } = await api(url, 'POST', '/api/v0/api_tokens', USER, { tokenLabel: 'bench' });
  for (let i = 0; i < 50; i++) await api(url, 'POST', `/api/v0/repositories/${USER.name}`, USER, { name: `repo-${String(i).padStart(2, '0')}` });
  return basic(USER.name, token);
}
