#!/usr/bin/env node
// `npm run bench`: the figures of SPEC 9, each as a ratio to a baseline measured in the same run, on
// loopback only. Every file of bench/figures is one figure, run in the order of its name; it starts
// the servers it needs (the shared ones are in lib/services.mjs), on free ports and temp storage, and
// returns its rows. Everything started is stopped at the end. Prints one table and, when every figure
// ran, writes bench/RESULTS.md.
//
// `npm run bench -- pull` runs only the figures whose file name contains `pull`; `--build` rebuilds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, stopAll, work } from './lib/servers.mjs';
import { CONNECTIONS, LOAD_SECONDS, log, ROOT, ROUNDS } from './lib/settings.mjs';
import { table } from './lib/table.mjs';

const FIGURES = path.join(ROOT, 'bench', 'figures');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const figures = fs
  .readdirSync(FIGURES)
  .filter((file) => file.endsWith('.mjs'))
  .sort()
  .filter((file) => !only.length || only.some((name) => file.includes(name)));

let rows = [];
try {
  if (!figures.length) throw new Error(`No figure in bench/figures matches ${only.join(', ')}`);
  ensureBuild();
  log(`working in ${work}`);
  for (const file of figures) {
    const { default: figure } = await import(pathToFileURL(path.join(FIGURES, file)).href);
    rows.push(...(await figure()));
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
  rows = null;
} finally {
  await stopAll();
}

if (rows) {
  const header = [
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
    `Command: \`npm run bench\` (load: autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each; transfers: median of ${ROUNDS}; loopback only)`,
  ];
  const text = `${header.join('\n')}\n\n${table(rows)}\n`;
  console.log(`\n${text}`);
  if (only.length) {
    log(`bench/RESULTS.md left as it was: only ${figures.join(', ')} ran`);
  } else {
    const results = `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs); SPEC 9 gives the targets.\n\n${text}`;
    fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), results);
  }
}
