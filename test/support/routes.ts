// Every route file of the app, the path it serves, and its handlers: what the OpenAPI document must
// describe (lib/api/openapi/document.test.ts) and how test calls find their operation (openapi.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';

export const ROOT = path.join(__dirname, '..', '..');

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Routes the document leaves out on purpose, with why. */
export const UNDOCUMENTED: Record<string, string> = {
  'app/api/auth/[...nextauth]/route.ts': "next-auth's own endpoints behind the sign-in page (forms and redirects), not an API",
  'pages/api/registry/[[...path]].ts': 'the /v2 registry proxy: the OCI distribution API, documented by that specification',
  'app/(console)/credentials/export/route.ts': "the Credentials page's CSV download: the filters of GET /api/v0/api_tokens, as a file",
};

function files(dir: string, match: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, match);
    return match(entry.name) ? [full] : [];
  });
}

/** app/**\/route.ts and pages/api/**, relative to the repository. */
export function routeFiles(): string[] {
  const app = files(path.join(ROOT, 'app'), (name) => /^route\.(ts|tsx|js)$/.test(name));
  const pages = files(path.join(ROOT, 'pages', 'api'), (name) => /\.(ts|tsx|js)$/.test(name) && !/\.test\./.test(name));
  return [...app, ...pages].map((file) => path.relative(ROOT, file)).sort();
}

/** The address Next serves a file at: route groups dropped, `[x]` as `{x}`. */
function servedPath(file: string): string {
  const segments = file
    .replace(/^app\//, '')
    .replace(/^pages\//, '')
    .replace(/\/route\.(ts|tsx|js)$/, '')
    .replace(/\.(ts|tsx|js)$/, '')
    .split('/')
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.map((s) => s.replace(/^\[+\.*([^\]]+)\]+$/, '{$1}')).join('/')}`;
}

/**
 * The path the document names a route by: the public one where next.config.mjs rewrites a fixed
 * address onto it (`/_ping` onto /api/ping), else the path Next serves it at.
 */
export async function documentedPath(file: string): Promise<string> {
  const served = servedPath(file);
  // A JavaScript module without types (decision 028): read as the NextConfig it is.
  const { default: nextConfig } = (await import(path.join(ROOT, 'next.config.mjs'))) as { default: NextConfig };
  const rewrites = await nextConfig.rewrites?.();
  const rules = Array.isArray(rewrites) ? rewrites : (rewrites?.beforeFiles ?? []);
  const rule = rules.find((r) => r.destination === served && !r.source.includes(':'));
  return rule ? rule.source : served;
}

export type RouteHandler = { file: string; path: string; method: (typeof METHODS)[number]; handler: unknown };

/** The handlers every app route exports, with the path and method each serves. */
export async function appRouteHandlers(): Promise<RouteHandler[]> {
  const handlers: RouteHandler[] = [];
  for (const file of routeFiles().filter((f) => f.startsWith('app/'))) {
    const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const routePath = await documentedPath(file);
    for (const method of METHODS) if (module[method]) handlers.push({ file, path: routePath, method, handler: module[method] });
  }
  return handlers;
}
