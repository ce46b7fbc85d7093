// STYLE: no import cycles, no hand-written file over 300 lines, SQL only in a domain's queries.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { importCycles } from '../scripts/checks/import-cycles.mjs';

const ROOT = path.join(__dirname, '..');
const HAND_WRITTEN = ['app', 'lib', 'db', 'pages', 'scripts', 'test', 'e2e', 'bench'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' || entry.name === 'node_modules' ? [] : files(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('the layout', () => {
  it('has no import cycle', () => {
    expect(importCycles()).toEqual([]);
  });

  it('has no hand-written file over 300 lines', () => {
    const long = HAND_WRITTEN.flatMap((dir) => files(path.join(ROOT, dir)))
      .map((file) => [path.relative(ROOT, file), fs.readFileSync(file, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('builds SQL only in the queries.ts of a domain (and in db/)', () => {
    const building = files(path.join(ROOT, 'lib'))
      .concat(files(path.join(ROOT, 'app')))
      .filter((file) => !file.endsWith('queries.ts') && !file.endsWith('.test.ts'))
      .filter((file) => /from 'drizzle-orm'/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(building).toEqual([]);
  });
});
