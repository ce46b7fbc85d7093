// Writing the proxy's own answers (refusals, the base endpoint, the catalog) on the raw response.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { API_VERSION_HEADER, type RegistryError } from '@/lib/registry/errors';

export function sendError(res: ServerResponse, error: RegistryError) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = error.body();
  res.writeHead(error.status, { ...error.allHeaders(), 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...API_VERSION_HEADER,
    ...headers,
  });
  res.end(text);
}
