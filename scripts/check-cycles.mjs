// Fails when the source has an import cycle (type-only imports count: a cycle of types is still
// a tangle). Reads every .ts file under src/ and webview/, resolves relative imports the way
// esbuild does (.js -> .ts, a folder -> its index.ts) and prints each cycle found.
// Usage: node scripts/check-cycles.mjs [dir ...]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'webview'];

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) ?? null;
}

// import/export ... from '...', import '...', import('...')
const IMPORT = /(?:^|[;\s])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

const files = dirs.flatMap((d) => walk(path.join(root, d), []));
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const deps = new Set();
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(file, spec);
    if (target) deps.add(target);
  }
  graph.set(file, [...deps]);
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function connect(v) {
  const node = { index, low: index, onStack: true };
  index++;
  info.set(v, node);
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    const seen = info.get(w);
    if (!seen) {
      connect(w);
      node.low = Math.min(node.low, info.get(w).low);
    } else if (seen.onStack) node.low = Math.min(node.low, seen.index);
  }
  if (node.low === node.index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

if (cycles.length > 0) {
  console.error(`Import cycles (${cycles.length}):`);
  for (const c of cycles)
    console.error(
      `  ${c
        .map((f) => path.relative(root, f))
        .sort()
        .join(' <-> ')}`,
    );
  process.exit(1);
}
console.log(`No import cycles among ${files.length} files in ${dirs.join(', ')}.`);
