// Plain node:http requests, and Berth's REST API with Basic auth.
import http from 'node:http';
import { Readable } from 'node:stream';

export const basic = (name, secret) => `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
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
