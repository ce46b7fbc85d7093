// Fails when two modules import each other, directly or through others (STYLE: no circles).
// Usage: node scripts/checks/import-cycles.mjs  (run by the unit suite as well, test/layout.test.ts)
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SOURCES = ['app', 'lib', 'db', 'pages', 'scripts'];

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolve(from, spec) {
  let base;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export function importGraph() {
  const graph = new Map();
  for (const file of SOURCES.flatMap((dir) => (fs.existsSync(path.join(ROOT, dir)) ? files(path.join(ROOT, dir)) : []))) {
    const text = fs.readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    graph.set(file, specs.map((spec) => resolve(file, spec)).filter(Boolean));
  }
  return graph;
}

/** Every cycle found, as a list of paths relative to the repository. */
export function importCycles(graph = importGraph()) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const cycles = importCycles();
  for (const cycle of cycles) console.log(cycle.join(' → '));
  console.log(cycles.length ? `${cycles.length} import cycle(s)` : 'No import cycles.');
  process.exit(cycles.length ? 1 : 0);
}
