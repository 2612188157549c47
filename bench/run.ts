// Entry of `npm run bench` (root): the peers live in bench/node_modules, installed on demand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const needed = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node', 'onnxruntime-web'];
const missing = needed.filter((p) => !existsSync(path.join(here, 'node_modules', p, 'package.json')));
if (missing.length > 0) {
  // First run: install the peers into bench/ (kept out of the extension's own dependencies).
  console.log(`[bench] installing the peers once: npm --prefix bench ci (missing: ${missing.join(', ')})`);
  try {
    execFileSync('npm', ['--prefix', here, 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  } catch {
    console.error('[bench] could not install the peers; run `npm --prefix bench ci` and see its error.');
    process.exit(1);
  }
}
const { main } = await import('./bench.js');
await main();
