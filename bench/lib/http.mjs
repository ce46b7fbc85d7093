// Plain node:http requests, and Berth's REST API with Basic auth.
import http from 'node:http';
import { Readable } from 'node:stream';

/** A request with no byte either way for this long has stalled: the run fails instead of waiting. */
export const STALL_MS = 60_000;
const stalled = (what) => new Error(`${what}: no data for ${STALL_MS / 1000} s`);

/** Destroys `req` (which then emits 'error') once its socket has been idle for STALL_MS. */
export function failOnStall(req, what) {
  return req.setTimeout(STALL_MS, () => req.destroy(stalled(what)));
}

export const basic = (name, secret) => `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    failOnStall(req, `${method} ${url}`).on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

/** A JSON call to the Berth at `baseUrl` as `as`; throws on anything but success. */
export async function api(baseUrl, method, url, as, data) {
  const body = data === undefined ? undefined : JSON.stringify(data);
  const res = await request(`${baseUrl}${url}`, {
    method,
    headers: { Authorization: basic(as.name, as.password), 'Content-Type': 'application/json' },
    body,
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
  return res.text ? JSON.parse(res.text) : null;
}
