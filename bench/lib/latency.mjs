// Latency figures: sequential request times, `wrk` as a separate load process, and a probe that
// times requests to other endpoints while that load runs.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { ensureCommand } from './servers.mjs';

export const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET, timed in milliseconds; a status other than 200, or no answer within `timeoutMs`, throws. */
export function timedGet(url, headers = {}, timeoutMs = 10_000) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The median time of `count` sequential GETs, after five warm-up ones. */
export async function medianMs(url, headers, count = 40) {
  for (let i = 0; i < 5; i++) await timedGet(url, headers);
  const times = [];
  for (let i = 0; i < count; i++) times.push(await timedGet(url, headers));
  return percentile(times, 50);
}

/** `wrk` against `url` for `seconds` with `connections`; its request rate and every kind of failure. */
export function wrk(url, headers, { connections, seconds }) {
  ensureCommand('wrk', 'wrk');
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
        timeouts: Number(socket?.[4] ?? 0),
        errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      });
    });
  });
}

/**
 * Runs `load` (a promise-returning function) and meanwhile GETs each of `urls` in turn, one at a
 * time; answers the load's result and each URL's times in milliseconds.
 */
export async function probeDuring(load, urls) {
  const times = Object.fromEntries(urls.map((u) => [u, []]));
  let running = true;
  const probe = (async () => {
    await new Promise((r) => setTimeout(r, 500)); // the load's connections first
    for (let i = 0; running; i++) {
      const url = urls[i % urls.length];
      times[url].push(await timedGet(url));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    return { result: await load(), times };
  } finally {
    running = false;
    await probe;
  }
}
