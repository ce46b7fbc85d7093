#!/usr/bin/env node
// Compiles scripts/server.ts and what it imports of ours (lib/, db/) into dist/server.mjs, so that
// production runs the server on plain Node, with no TypeScript loader (docs/decisions/027-compiled-server.md).
// Packages stay in node_modules, as Next.js's own build uses them. `--if-missing` builds only when
// there is no dist/server.mjs yet (the first `npm start` of a fresh clone); `npm run build` always does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BERTH_SERVER_OUTFILE: another file inside the checkout (the configuration test builds its own).
const outfile = path.resolve(ROOT, process.env.BERTH_SERVER_OUTFILE ?? 'dist/server.mjs');

if (!(process.argv.includes('--if-missing') && fs.existsSync(outfile))) {
  // Loaded only when there is something to build: a start with a build in place costs no esbuild.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(ROOT, 'scripts', 'server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Every package is imported from node_modules at run time; only our own files are bundled.
    packages: 'external',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
