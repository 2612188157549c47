// `npm run bench:reference`: the pooling core against the plain reference (test/reference/pool.ts).
// The reference is far too slow for the full sizes, so it runs on a crop of the input and its
// time is scaled by (full outputs / cropped outputs); the table says so. Core times reuse an
// output buffer (the `out` argument), as a panel redrawing on every parameter change would.
import { performance } from 'node:perf_hooks';
import { pool } from '../src/core/index.js';
import type { NDArray, PoolOptions } from '../src/core/index.js';
import { refPool } from '../test/reference/pool.js';

interface Case {
  name: string;
  shape: number[];
  options: PoolOptions;
  dtype: 'float32' | 'float64';
}

const max = (kernel: number[], stride: number[], padding?: number[]): PoolOptions => ({
  mode: 'max',
  kernel,
  stride,
  ...(padding ? { padding } : {}),
});
const avg = (o: PoolOptions): PoolOptions => ({ ...o, mode: 'avg' });

const cases: Case[] = [
  { name: '2048² max k2 s2', shape: [2048, 2048], options: max([2, 2], [2, 2]), dtype: 'float32' },
  { name: '2048² max k3 s1 p1', shape: [2048, 2048], options: max([3, 3], [1, 1], [1, 1]), dtype: 'float32' },
  { name: '2048² max k15 s1', shape: [2048, 2048], options: max([15, 15], [1, 1]), dtype: 'float32' },
  { name: '1×64×224² max k3 s2 p1', shape: [1, 64, 224, 224], options: max([3, 3], [2, 2], [1, 1]), dtype: 'float32' },
  { name: '1-D 10M max k5 s1', shape: [10_000_000], options: max([5], [1]), dtype: 'float32' },
  { name: '2048² avg k2 s2', shape: [2048, 2048], options: avg(max([2, 2], [2, 2])), dtype: 'float32' },
  { name: '2048² avg k3 s1 p1', shape: [2048, 2048], options: avg(max([3, 3], [1, 1], [1, 1])), dtype: 'float32' },
  { name: '2048² avg k15 s1', shape: [2048, 2048], options: avg(max([15, 15], [1, 1])), dtype: 'float32' },
  { name: '2048² avg k15 s1 f64 (sums not provably exact)', shape: [2048, 2048], options: avg(max([15, 15], [1, 1])), dtype: 'float64' },
  { name: '1×64×224² avg k3 s2 p1', shape: [1, 64, 224, 224], options: avg(max([3, 3], [2, 2], [1, 1])), dtype: 'float32' },
  { name: '1-D 10M avg k5 s1', shape: [10_000_000], options: avg(max([5], [1])), dtype: 'float32' },
];

/**
 * Deterministic pseudo-random data in [0, 1) (a plain LCG: the bench must not depend on
 * Math.random). float64 values get all 53 mantissa bits, so their window sums are not provably
 * exact and avg takes the ordered (torch-order) path; float32 values are 24-bit fractions, whose
 * float64 sums are exact, so avg may use running sums.
 */
function makeData(n: number, dtype: 'float32' | 'float64', seed = 1): Float32Array | Float64Array {
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < n; i++) data[i] = dtype === 'float32' ? next() / 2 ** 32 : (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
  return data;
}

/** Keeps the leading dims and the last `d` dims cropped to `size` (the reference's subset). */
function crop(input: NDArray, d: number, size: number): NDArray {
  const shape = input.shape;
  const lead = shape.slice(0, shape.length - d);
  const spatial = shape.slice(shape.length - d);
  const cropped = spatial.map((L) => Math.min(L, size));
  const planes = lead.reduce((a, b) => a * b, 1);
  const out =
    input.data instanceof Float32Array
      ? new Float32Array(planes * cropped.reduce((a, b) => a * b, 1))
      : new Float64Array(planes * cropped.reduce((a, b) => a * b, 1));
  const inPlane = spatial.reduce((a, b) => a * b, 1);
  let k = 0;
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < planes; p++) {
    idx.fill(0);
    for (;;) {
      let f = 0;
      for (let a = 0; a < d; a++) f = f * spatial[a]! + idx[a]!;
      out[k++] = input.data[p * inPlane + f]!;
      let a = d - 1;
      while (a >= 0 && ++idx[a]! >= cropped[a]!) idx[a--] = 0;
      if (a < 0) break;
    }
  }
  return { shape: [...lead, ...cropped], data: out };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

const REFERENCE_OUTPUTS = 12_000;
const RUNS = 5;

const started = performance.now();
const rows: string[][] = [];
for (const c of cases) {
  const n = c.shape.reduce((a, b) => a * b, 1);
  const input: NDArray = { shape: c.shape, data: makeData(n, c.dtype) };
  const first = pool(input, c.options);
  const out = { output: first.output.data };
  pool(input, c.options, out); // warm-up (JIT tiers)
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    pool(input, c.options, out);
    times.push(performance.now() - t0);
  }
  const fullOutputs = first.output.data.length;

  // Reference on a crop sized to about REFERENCE_OUTPUTS outputs, scaled to the full size.
  const d = c.options.kernel.length;
  const planes = first.output.shape.slice(0, first.output.shape.length - d).reduce((a, b) => a * b, 1);
  const perPlane = Math.max(1, REFERENCE_OUTPUTS / planes);
  const stride = c.options.stride ?? c.options.kernel;
  const side = Math.ceil(Math.pow(perPlane, 1 / d) * Math.max(...stride)) + Math.max(...c.options.kernel);
  const small = crop(input, d, side);
  const t0 = performance.now();
  const ref = refPool(small, c.options);
  const refMs = performance.now() - t0;
  const scale = fullOutputs / ref.output.data.length;
  const refScaled = refMs * scale;
  const core = median(times);
  rows.push([
    c.name,
    fmt(core),
    fmt(Math.min(...times)),
    fmt(refScaled),
    `${(refScaled / core).toFixed(0)}×`,
    `crop ${small.shape.slice(-d).join('×')}, ×${scale.toFixed(0)}`,
  ]);
}

const header = ['case', 'core median ms', 'core min ms', 'reference ms (scaled)', 'ref/core', 'reference run on'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((v, i) => (i === 0 || i === 5 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
console.log(`Pooling core vs plain reference — ${RUNS} timed runs after a warm-up, float32 data unless marked`);
console.log('(reference: a crop of the input, time scaled by full/cropped output count)\n');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
