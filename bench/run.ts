// Entry of `npm run bench` (root): the peers live in bench/node_modules, installed on demand.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const needed = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node', 'onnxruntime-web'];
const missing = needed.filter((p) => !existsSync(path.join(here, 'node_modules', p, 'package.json')));
if (missing.length > 0) {
  console.error(`The benchmark's peers are not installed (${missing.join(', ')}). Install them once with:\n\n  npm --prefix bench ci\n`);
  process.exit(1);
}
const { main } = await import('./bench.js');
await main();
