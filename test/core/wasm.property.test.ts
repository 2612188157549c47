// The WebAssembly SIMD kernels against the plain reference and against the JS kernels: every
// path (column-first max, exact-order max with NaN, van Herk/doubling, float32 sums of whole
// numbers, ordered float64 sums, exact sliding sums, edge windows, bands and tiles) on random
// shapes, options and data with NaN, ±inf and ±0; and the same properties with the switch off,
// which is how the core runs where WebAssembly SIMD is missing.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { pool } from '../../src/core/index';
import type { NDArray, PoolOptions } from '../../src/core/types';
import { setWasmKernels, wasmKernelsActive } from '../../src/core/kernels/wasm/index';
import { loadKernels } from '../../src/core/kernels/wasm/runtime';
import { refPool } from '../reference/pool';
import { describeCase, expectSame, intValueArb, poolCaseArb, valueArb, wideValueArb } from './arbitraries';
import type { PoolCase } from './arbitraries';
import { cleanValueArb, fractionValueArb, seededValues, sprinkledValueArb, wholeValueArb } from './wasm-arbitraries';

const RUNS = 300;

afterEach(() => setWasmKernels(true));

/** Names of the kernels the module ran during `run` (the module's exports, spied on). */
function kernelsUsed(run: () => void): Set<string> {
  const k = loadKernels();
  if (k === null) throw new Error('WebAssembly SIMD kernels did not load');
  const used = new Set<string>();
  const fn = k.fn.bind(k);
  const spy = (name: string): ((...args: number[]) => number) => {
    used.add(name);
    return fn(name);
  };
  Object.assign(k, { fn: spy });
  try {
    run();
  } finally {
    Object.assign(k, { fn });
  }
  return used;
}

function check(c: PoolCase): void {
  const got = pool(c.input, c.options);
  const want = refPool(c.input, c.options);
  const what = describeCase(c);
  expect(got.output.shape, what).toEqual(want.output.shape);
  expectSame(got.output.data, want.output.data, `values of ${what}`);
  if (c.options.returnIndices === true) expectSame(got.indices ?? [], want.indices ?? [], `indices of ${what}`);
}

/** Float32 cases in 1-D or 2-D without dilation: the jobs the WebAssembly provider takes. */
function wasmCases(values: fc.Arbitrary<number>, modes: PoolCase['options']['mode'][], maxK = 9): fc.Arbitrary<PoolCase> {
  return poolCaseArb({ modes, values, dims: [1, 2], dtypes: ['float32'], dilation: false, accumulates: [undefined, 'float64'], maxK });
}

/** Square windows k ∈ {2, 3, 5} (and 1-D): where the column-first kernels apply. */
function squareCases(values: fc.Arbitrary<number>, mode: 'max' | 'avg' | 'sum'): fc.Arbitrary<PoolCase> {
  return fc
    .record({
      d: fc.constantFrom(1, 2),
      k: fc.constantFrom(2, 3, 5),
      s: fc.constantFrom(1, 2),
      sh: fc.integer({ min: 1, max: 3 }),
      pad: fc.nat(2),
      lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
      h: fc.integer({ min: 0, max: 12 }),
      w: fc.integer({ min: 0, max: 40 }),
      ceil: fc.boolean(),
      cip: fc.boolean(),
      values: fc.array(values, { minLength: 1, maxLength: 97 }),
    })
    .map((r) => {
      const pad = Math.min(r.pad, Math.floor(r.k / 2));
      const spatial = r.d === 1 ? [r.k + r.w] : [r.k + r.h, r.k + r.w];
      const shape = [...r.lead, ...spatial];
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = r.values[i % r.values.length]!;
      const options: PoolOptions = {
        mode,
        kernel: spatial.map(() => r.k),
        stride: r.d === 1 ? [r.s] : [r.sh, r.s],
        padding: spatial.map(() => pad),
        ceilMode: r.ceil,
        ...(mode === 'avg' ? { countIncludePad: r.cip } : {}),
      };
      return { input: { shape, data }, options };
    });
}

describe('WebAssembly SIMD kernels', () => {
  it('load in Node 20 (SIMD present) and can be switched off', () => {
    expect(wasmKernelsActive()).toBe(true);
    setWasmKernels(false);
    expect(wasmKernelsActive()).toBe(false);
  });

  for (const on of [true, false]) {
    const label = on ? 'wasm on' : 'wasm forced off (JS fallback)';
    describe(label, () => {
      const run = (arb: fc.Arbitrary<PoolCase>, runs = RUNS) => {
        setWasmKernels(on);
        fc.assert(fc.property(arb, check), { numRuns: runs });
      };
      it('x=random specials (NaN, ±inf, ±0, ties) every mode, 1-3 dims, k<=9, f32|f64, indices', () => run(poolCaseArb()));
      it('x=random specials f32 1-2 dims no dilation max|min|avg|sum|lp k<=12', () => run(wasmCases(valueArb, ['max', 'min', 'avg', 'sum', 'lp'], 12)));
      it('x=clean floats (no NaN/-0) max|min|avg|sum k<=16', () => run(wasmCases(cleanValueArb, ['max', 'min', 'avg', 'sum'], 16)));
      it('x=whole numbers incl -0 avg|sum|max k<=9', () => run(wasmCases(wholeValueArb, ['avg', 'sum', 'max'])));
      it('x=integers (exact sums) avg|sum k<=16 (sliding sums)', () => run(wasmCases(intValueArb, ['avg', 'sum'], 16)));
      it('x=wide-range f32 avg|sum (float64 sums round: in-order kernels)', () => run(wasmCases(wideValueArb, ['avg', 'sum'], 12)));
      it('x=sprinkled specials, square k in {2,3,5}, any strides/padding/ceil: max', () => run(squareCases(sprinkledValueArb, 'max')));
      it('x=clean, square k in {2,3,5}: max (column-first kernel)', () => run(squareCases(cleanValueArb, 'max')));
      it('x=whole numbers incl -0, square k in {2,3,5}: avg|sum (float32 kernel)', () => {
        run(squareCases(wholeValueArb, 'avg'));
        run(squareCases(wholeValueArb, 'sum'), 100);
      });
      it('x=clean, square k in {2,3,5}: avg (float64 in-order kernel)', () => run(squareCases(cleanValueArb, 'avg')));
      it('x=24-bit fractions, square k in {2,3,5}, odd sizes, any strides/padding/ceil/count_include_pad: avg|sum (float64 column-first kernel)', () => {
        run(squareCases(fractionValueArb, 'avg'));
        run(squareCases(fractionValueArb, 'sum'), 100);
      });
      it('x=24-bit fractions with sprinkled NaN/±inf/-0/huge, square k in {2,3,5}: avg (bands that fail the float64 premise go in order)', () =>
        run(squareCases(fc.oneof({ weight: 12, arbitrary: fractionValueArb }, { weight: 1, arbitrary: sprinkledValueArb }), 'avg')));
    });
  }
});

describe('WebAssembly kernels take the paths they claim (spied), each equal to the reference', () => {
  const sq = (n: number, values: Float32Array, shape: number[]): NDArray => ({ shape, data: values.subarray(0, n) });
  const cases: { name: string; input: NDArray; options: PoolOptions; expect: string[]; absent?: string[] }[] = [
    {
      name: 'max k3 s2 p1 clean → cmax',
      input: sq(2 * 30 * 31, seededValues(2 * 30 * 31, 1, 'clean'), [2, 30, 31]),
      options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      expect: ['scan', 'cmax_s2_k3_h3', 'edge_max'],
    },
    {
      name: 'max k3 s2 p1 with NaN/−0 → exact order',
      input: sq(2 * 30 * 31, seededValues(2 * 30 * 31, 2, 'specials'), [2, 30, 31]),
      options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      expect: ['hmax_s2_k3', 'vmax_k3'],
      absent: ['cmax_s2_k3_h3'],
    },
    {
      name: 'max k3 s1 with NaN → separable',
      input: sq(40 * 41, seededValues(40 * 41, 3, 'specials'), [40, 41]),
      options: { mode: 'max', kernel: [3, 3], stride: [1, 1] },
      expect: ['hmax_s1_k3', 'vmax_k3'],
    },
    {
      name: 'max k11 s1 clean → doubling + van Herk',
      input: sq(50 * 60, seededValues(50 * 60, 4, 'clean'), [50, 60]),
      options: { mode: 'max', kernel: [11, 11], stride: [1, 1], padding: [5, 5] },
      expect: ['hmax_dbl_s1', 'vmax_vh'],
    },
    {
      name: 'max k9 s2 with NaN → NaN-safe doubling + van Herk',
      input: sq(50 * 60, seededValues(50 * 60, 5, 'specials'), [50, 60]),
      options: { mode: 'max', kernel: [9, 9], stride: [1, 2], ceilMode: true },
      expect: ['hmax_dbl_s2_nan', 'vmax_vh_nan'],
    },
    {
      name: 'avg k3 s2 p1 whole numbers → csum',
      input: sq(2 * 30 * 31, seededValues(2 * 30 * 31, 6, 'whole'), [2, 30, 31]),
      options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      expect: ['csum_s2_k3_h3', 'edge_sum'],
      absent: ['sum_s2_k3'],
    },
    {
      name: 'avg k3 s2 p1 24-bit fractions (torch.rand) → float64 column-first (its own premise check passes)',
      input: sq(2 * 30 * 31, seededValues(2 * 30 * 31, 7, 'unit'), [2, 30, 31]),
      options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
      expect: ['csum_s2_k3_h3', 'fsum_s2_k3_h3', 'edge_sum'],
      absent: ['sum_s2_k3'],
    },
    {
      name: 'avg k3 s2 p1 whole numbers spread over 2^40 → float64 column-first, its check fails, exact passes (outputs kept)',
      input: sq(
        2 * 30 * 31,
        seededValues(2 * 30 * 31, 7, 'whole').map((v, i) => (i % 7 === 0 ? v * 2 ** 40 : v)),
        [2, 30, 31],
      ),
      options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
      expect: ['fsum_s2_k3_h3', 'exact'],
      absent: ['sum_s2_k3'],
    },
    {
      name: 'avg k3 s2 p1 wide-range floats → float64 column-first check fails, exact fails → in-order float64',
      input: sq(2 * 30 * 31, seededValues(2 * 30 * 31, 7, 'wide'), [2, 30, 31]),
      options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
      expect: ['fsum_s2_k3_h3', 'exact', 'sum_s2_k3'],
    },
    {
      name: 'avg 1-D k5 s1 p2 24-bit fractions → float64 column-first',
      input: sq(3 * 999, seededValues(3 * 999, 17, 'unit'), [3, 999]),
      options: { mode: 'avg', kernel: [5], stride: [1], padding: [2] },
      expect: ['fsum_s1_k5_h1'],
      absent: ['sum_s1_k5'],
    },
    {
      name: 'avg k15 clean floats → exact sliding sums',
      input: sq(60 * 70, seededValues(60 * 70, 8, 'clean'), [60, 70]),
      options: { mode: 'avg', kernel: [15, 15], stride: [1, 1] },
      expect: ['exact', 'hsum_slide', 'vsum_exact'],
    },
    {
      name: 'avg k15 wide-range floats → in-order (not exact)',
      input: sq(30 * 40, seededValues(30 * 40, 9, 'wide'), [30, 40]),
      options: { mode: 'avg', kernel: [15, 15], stride: [1, 1] },
      expect: ['exact', 'sum_s1_g'],
      absent: ['hsum_slide'],
    },
    {
      name: 'sum k4x6 s2 wide-range → generic in-order kernel',
      input: sq(33 * 47, seededValues(33 * 47, 10, 'wide'), [33, 47]),
      options: { mode: 'sum', kernel: [4, 6], stride: [3, 2], padding: [2, 3] },
      expect: ['sum_s2_g'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let got: ReturnType<typeof pool> | undefined;
      const used = kernelsUsed(() => {
        got = pool(c.input, c.options);
      });
      for (const name of c.expect) expect(used, `${name} in ${[...used].join(', ')}`).toContain(name);
      for (const name of c.absent ?? []) expect(used).not.toContain(name);
      expectSame(got!.output.data, refPool(c.input, c.options).output.data, c.name);
    });
  }

  it('jobs the kernels do not take run in JS: indices, float64, accumulate torch, 3-D, dilation, stride 3', () => {
    const f32 = seededValues(6 * 7 * 8, 11, 'clean');
    const declined: { input: NDArray; options: PoolOptions }[] = [
      { input: { shape: [42, 8], data: f32 }, options: { mode: 'max', kernel: [2, 2], returnIndices: true } },
      { input: { shape: [42, 8], data: Float64Array.from(f32) }, options: { mode: 'max', kernel: [2, 2] } },
      { input: { shape: [42, 8], data: f32 }, options: { mode: 'avg', kernel: [2, 2], accumulate: 'torch' } },
      { input: { shape: [6, 7, 8], data: f32 }, options: { mode: 'max', kernel: [2, 2, 2] } },
      { input: { shape: [42, 8], data: f32 }, options: { mode: 'max', kernel: [2, 2], dilation: [2, 1] } },
      { input: { shape: [42, 8], data: f32 }, options: { mode: 'max', kernel: [2, 2], stride: [1, 3] } },
    ];
    for (const c of declined) {
      let got: ReturnType<typeof pool> | undefined;
      expect(kernelsUsed(() => (got = pool(c.input, c.options))).size).toBe(0);
      expectSame(got!.output.data, refPool(c.input, c.options).output.data, JSON.stringify(c.options));
    }
  });
});

describe('large inputs: bands, tiles and sticky fallbacks (WebAssembly == JS kernels)', () => {
  function bothWays(input: NDArray, options: PoolOptions): void {
    setWasmKernels(true);
    const a = pool(input, options).output.data;
    setWasmKernels(false);
    const b = pool(input, options).output.data;
    setWasmKernels(true);
    expectSame(a, b, `${JSON.stringify(input.shape)} ${JSON.stringify(options)}`);
  }
  const big: [string, number[], 'clean' | 'whole' | 'specials' | 'wide' | 'unit'][] = [
    ['2-D, many bands', [3, 301, 257], 'specials'],
    ['2-D, many bands, whole numbers', [2, 301, 257], 'whole'],
    ['2-D, many bands, 24-bit fractions', [2, 301, 257], 'unit'],
    ['2-D rows wider than a tile, 24-bit fractions', [2, 3, 70_001], 'unit'],
    ['2-D rows wider than a tile', [2, 3, 70_001], 'specials'],
    ['1-D, many tiles', [200_003], 'clean'],
  ];
  for (const [name, shape, kind] of big) {
    it(`${name} ${JSON.stringify(shape)} ${kind}: max|avg|sum, k 2..15, strides 1|2, padding, ceil`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const input = { shape, data: seededValues(n, n % 1000, kind) };
      const d = name.startsWith('1-D') ? 1 : 2;
      for (const [k, s, p] of [
        [2, 2, 0],
        [3, 1, 1],
        [3, 2, 1],
        [5, 1, 2],
        [15, 1, 7],
        [9, 2, 4],
      ] as const) {
        for (const mode of ['max', 'avg', 'sum'] as const) {
          const kernel = d === 1 ? [k] : [k, k];
          bothWays(input, { mode, kernel, stride: d === 1 ? [s] : [1, s], padding: kernel.map(() => p), ceilMode: k === 9 });
        }
      }
    });
  }

  it('whole numbers with one fraction late in the data: the float32 kernel hands over to the in-order one', () => {
    const data = seededValues(4 * 300 * 200, 12, 'whole');
    data[data.length - 5] = 0.1;
    bothWays({ shape: [4, 300, 200], data }, { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] });
    bothWays({ shape: [4 * 300 * 200], data }, { mode: 'avg', kernel: [5], stride: [1] });
  });

  it('24-bit fractions with one NaN (or inf) in a later band: the float64 column-first kernel hands over to the in-order one', () => {
    for (const special of [NaN, Infinity, 1e-30]) {
      const data = seededValues(3 * 300 * 200, 18, 'unit');
      data[2 * 300 * 200 + 150 * 200 + 7] = special;
      bothWays({ shape: [3, 300, 200], data }, { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false });
      bothWays({ shape: [3 * 300 * 200], data }, { mode: 'avg', kernel: [5], stride: [1] });
    }
  });

  it('24-bit fractions with whole windows of −0 (float64 column-first kernel): those sums are +0, as PyTorch starts at +0', () => {
    const data = seededValues(2 * 64 * 70, 19, 'unit');
    data.fill(-0, 64 * 70, 64 * 70 + 20 * 70);
    for (const mode of ['sum', 'avg'] as const) {
      const options: PoolOptions = { mode, kernel: [3, 3], stride: [2, 2], padding: [1, 1] };
      const used = kernelsUsed(() =>
        expectSame(pool({ shape: [2, 64, 70], data }, options).output.data, refPool({ shape: [2, 64, 70], data }, options).output.data, mode),
      );
      expect(used).toContain('fsum_s2_k3_h3');
      bothWays({ shape: [2, 64, 70], data }, options);
    }
  });

  it('a NaN or −0 in one band only: that band takes the exact-order kernels', () => {
    for (const special of [NaN, -0]) {
      const data = seededValues(500 * 300, 13, 'clean');
      data[400 * 300 + 17] = special;
      data[400 * 300 + 18] = 0;
      bothWays({ shape: [500, 300], data }, { mode: 'max', kernel: [3, 3], stride: [1, 1], padding: [1, 1] });
      bothWays({ shape: [500, 300], data }, { mode: 'min', kernel: [2, 2] });
    }
  });

  it('out buffers: results land in the caller memory, with WebAssembly on', () => {
    const input = { shape: [64, 90], data: seededValues(64 * 90, 14, 'clean') };
    const output = new Float32Array(45 * 32 + 3).fill(7);
    const got = pool(input, { mode: 'max', kernel: [2, 2] }, { output });
    expect(got.output.data.buffer).toBe(output.buffer);
    expectSame(got.output.data, refPool(input, { mode: 'max', kernel: [2, 2] }).output.data, 'out');
    expect(output[output.length - 1]).toBe(7);
  });
});
