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
    // takeBack off: the worker pools every plane it is handed (else small calls end before it wakes).
    expect(enableKernelThreads({ workers: 1, minCells: 4096, takeBack: false, adapt: false })).toBe(1);
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

describe('planes shared out as the threads run (Node)', () => {
  afterAll(() => disableKernelThreads());
  const options: PoolOptions = { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false };
  // 24-bit fractions (torch.rand) take the float64 column-first kernel; specials the in-order one.
  const unit = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 8) / 2 ** 24);

  for (const [name, shape, make] of [
    ['planes=64 odd size 57x45, 24-bit fractions', [1, 64, 57, 45], unit],
    ['planes=13 size 224x224, 24-bit fractions', [1, 13, 224, 224], unit],
    ['planes=31 size 40x33, NaN/inf/-0 sprinkled', [31, 40, 33], (n: number) => data(n, false, 5) as Float32Array],
  ] as const) {
    for (const takeBack of [false, true]) {
      it(`${name}, takeBack=${takeBack}, workers=1..3: same bits as one thread`, async () => {
        const dims: number[] = [...shape];
        const n = dims.reduce((a, b) => a * b, 1);
        const planes = n / (dims.at(-1)! * dims.at(-2)!);
        const input = { shape: dims, data: make(n) };
        disableKernelThreads();
        const want = run(input, options);
        for (const workers of [1, 2, 3]) {
          enableKernelThreads({ workers, minCells: 1024, takeBack, adapt: false });
          expect(await kernelThreadsReady()).toBe(workers);
          const before = kernelThreadStats();
          for (let rep = 0; rep < 3; rep++) expect(run(input, options)).toEqual(want);
          const after = kernelThreadStats();
          expect(after.calls - before.calls).toBe(3);
          if (!takeBack) {
            expect(after.workerParts).toBeGreaterThan(before.workerParts);
            expect(after.takenBack).toBe(before.takenBack);
          }
          // Each plane is pooled once: by a worker, by the caller from its end, or taken back.
          expect(after.workerParts - before.workerParts + (after.takenBack - before.takenBack)).toBeLessThanOrEqual(3 * planes);
        }
      }, 60_000);
    }
  }

  it('a worker that is slow to wake: the caller takes back its planes (takeBack=true) and the bits stay', async () => {
    const input = { shape: [8, 30, 30], data: unit(8 * 30 * 30) };
    disableKernelThreads();
    const want = run(input, options);
    enableKernelThreads({ workers: 1, minCells: 1024, takeBack: true, adapt: false });
    expect(await kernelThreadsReady()).toBe(1);
    const before = kernelThreadStats();
    // Tiny planes: the caller finishes its end long before the worker wakes, so it takes planes back.
    let taken = 0;
    for (let rep = 0; rep < 20 && taken === 0; rep++) {
      expect(run(input, options)).toEqual(want);
      taken = kernelThreadStats().takenBack - before.takenBack;
    }
    expect(taken).toBeGreaterThan(0);
  });

  it('adapt=true: a run of 40 large calls tries threaded and one-thread, and every call has the same bits', async () => {
    const input = { shape: [1, 16, 96, 96], data: unit(16 * 96 * 96) };
    disableKernelThreads();
    const want = run(input, options);
    enableKernelThreads({ workers: 1, minCells: 1024 });
    expect(await kernelThreadsReady()).toBe(1);
    const before = kernelThreadStats();
    for (let rep = 0; rep < 40; rep++) expect(run(input, options)).toEqual(want);
    const after = kernelThreadStats();
    const threaded = after.calls - before.calls;
    const single = after.single - before.single;
    expect(threaded + single).toBe(40);
    // Both ways were tried (which one wins depends on the machine's load; not asserted).
    expect(threaded).toBeGreaterThanOrEqual(1);
    expect(single).toBeGreaterThanOrEqual(1);
  });
});
