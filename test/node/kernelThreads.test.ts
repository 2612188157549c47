// The Node worker-thread path (src/node/kernelThreads.ts) gives the same bits as one thread:
// each mode, float32 and float64, indices, with the WebAssembly kernels on and off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../src/core/index';
import type { PoolOptions } from '../../src/core/types';
import { setWasmKernels } from '../../src/core/kernels/wasm/index';
import { disableKernelThreads, enableKernelThreads, kernelThreadsReady, kernelThreadStats } from '../../src/node/kernelThreads';

function data(n: number, f64: boolean, seed: number): Float32Array | Float64Array {
  const x = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // Signed values with a spread of magnitudes, a few NaN, ±inf, ±0: the ordered paths run.
    const r = s % 997;
    x[i] = r === 0 ? NaN : r === 1 ? -Infinity : r === 2 ? -0 : r === 3 ? 0 : ((s >>> 8) / 2 ** 24 - 0.5) * 2 ** ((s & 31) - 12);
  }
  return x;
}

const CASES: { name: string; shape: number[]; options: PoolOptions }[] = [
  {
    name: 'avg k3 s2 p1 without pad',
    shape: [1, 6, 56, 60],
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
  },
  { name: 'max k2', shape: [3, 5, 40, 36], options: { mode: 'max', kernel: [2, 2] } },
  { name: 'max k3 s1 p1 with indices', shape: [2, 4, 48, 50], options: { mode: 'max', kernel: [3, 3], stride: [1, 1], padding: [1, 1], returnIndices: true } },
  { name: 'sum k5', shape: [8, 60, 70], options: { mode: 'sum', kernel: [5, 5], stride: [2, 2] } },
  { name: 'lp p=2 k2', shape: [8, 50, 52], options: { mode: 'lp', kernel: [2, 2], p: 2 } },
  { name: '1-D avg k5 torch accumulation', shape: [8, 4000], options: { mode: 'avg', kernel: [5], stride: [1], accumulate: 'torch' } },
  // One plane: split by output rows, the padding of each part set so every window keeps its taps.
  {
    name: 'one plane avg k3 s2 p1 without pad',
    shape: [200, 150],
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
  },
  {
    name: 'one plane avg k3 s1 p1 with pad, ceil',
    shape: [161, 140],
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true },
  },
  { name: 'one plane max k5 s3 p2 dilation 2', shape: [180, 128], options: { mode: 'max', kernel: [5, 5], stride: [3, 3], padding: [2, 2], dilation: [2, 1] } },
  { name: 'one plane sum k15', shape: [152, 150], options: { mode: 'sum', kernel: [15, 15], stride: [1, 1] } },
  { name: 'one plane 1-D max k5', shape: [30_000], options: { mode: 'max', kernel: [5], stride: [1] } },
  { name: 'one plane 3-D avg k2', shape: [80, 30, 28], options: { mode: 'avg', kernel: [3, 2, 2], stride: [2, 2, 2], padding: [1, 0, 0] } },
];

function bits(a: ArrayLike<number>): string[] {
  return Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v)));
}

type Run = { shape: readonly number[]; data: string[]; indices: number[] | null };

function run(input: { shape: number[]; data: Float32Array | Float64Array }, options: PoolOptions): Run {
  const r = pool(input, options);
  return { shape: r.output.shape, data: bits(r.output.data), indices: r.indices === undefined ? null : Array.from(r.indices) };
}

const variants = [true, false].flatMap((wasm) => [false, true].flatMap((f64) => CASES.map((c) => ({ ...c, wasm, f64 }))));
const inputOf = (v: (typeof variants)[number]) => ({
  shape: v.shape,
  data: data(
    v.shape.reduce((a, b) => a * b, 1),
    v.f64,
    7 + v.shape.length,
  ),
});

describe('pooling on worker threads (Node)', () => {
  const single = new Map<number, Run>();
  beforeAll(async () => {
    // One thread first (the reference), then the workers.
    variants.forEach((v, i) => {
      setWasmKernels(v.wasm);
      single.set(i, run(inputOf(v), v.options));
    });
    expect(enableKernelThreads({ workers: 1, minCells: 4096 })).toBe(1);
    expect(await kernelThreadsReady()).toBe(1);
  }, 120_000);
  afterAll(() => {
    disableKernelThreads();
    setWasmKernels(true);
  });

  variants.forEach((v, i) => {
    it(`${v.name}, ${v.f64 ? 'float64' : 'float32'}, WebAssembly ${v.wasm ? 'on' : 'off'}`, () => {
      setWasmKernels(v.wasm);
      const before = kernelThreadStats().workerParts;
      const threaded = run(inputOf(v), v.options);
      expect(kernelThreadStats().workerParts).toBeGreaterThan(before);
      expect(threaded).toEqual(single.get(i));
    });
  });
});
