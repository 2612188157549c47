// Every pooling path against the plain reference, on random shapes, options and data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pool } from '../../src/core/index';
import { resolvePool } from '../../src/core/info';
import type { ResolvedPool } from '../../src/core/info';
import { avgDivisor, SUM_DIVISOR } from '../../src/core/kernels/divisor';
import { chooseMaxStrategy, chooseSumStrategy, runMax, runSum } from '../../src/core/kernels/dispatch';
import type { MaxStrategy, SumStrategy } from '../../src/core/kernels/dispatch';
import { sumsAreExact } from '../../src/core/kernels/exactness';
import { maxSeparable } from '../../src/core/kernels/maxSeparable';
import { unrolledMaxApplies } from '../../src/core/kernels/maxUnrolled';
import { kernelVolume, makePlan } from '../../src/core/kernels/plan';
import type { Plan } from '../../src/core/kernels/plan';
import type { NDArray } from '../../src/core/types';
import { refPool } from '../reference/pool';
import { describeCase, expectSame, intValueArb, poolCaseArb, wideValueArb } from './arbitraries';
import type { PoolCase } from './arbitraries';

const RUNS = 400;

function check(c: PoolCase, got: { output: NDArray; indices?: Int32Array }): void {
  const want = refPool(c.input, c.options);
  const what = describeCase(c);
  expect(got.output.shape, what).toEqual(want.output.shape);
  expect(got.output.data.constructor, what).toBe(c.input.data.constructor);
  expectSame(got.output.data, want.output.data, `values of ${what}`);
  if (c.options.returnIndices === true) expectSame(got.indices ?? [], want.indices ?? [], `indices of ${what}`);
  else expect(got.indices, what).toBeUndefined();
}

function planOf(c: PoolCase): { r: ResolvedPool; plan: Plan } {
  const r = resolvePool(c.input.shape, c.options);
  return { r, plan: makePlan(r.info) };
}

function outArray(c: PoolCase, n: number): Float32Array | Float64Array {
  return c.input.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** Runs a max job with a forced strategy and compares with the reference max. */
function checkMaxStrategy(c: PoolCase, run: (plan: Plan, dst: Float32Array | Float64Array, idx: Int32Array) => void): void {
  const { plan } = planOf(c);
  const n = plan.planes * plan.outPlane;
  const dst = outArray(c, n);
  const idx = new Int32Array(n);
  run(plan, dst, idx);
  const want = refPool(c.input, { ...c.options, mode: 'max', returnIndices: true });
  expectSame(dst, want.output.data, `max values of ${describeCase(c)}`);
  expectSame(idx, want.indices!, `max indices of ${describeCase(c)}`);
}

describe('pool == reference (exact, Object.is per element)', () => {
  it('x=random 1-3 spatial dims, 0-2 leading dims, k<=9 s<=4 d<=3, p sym|pairs|same|same-lower|valid, ceil, every mode, f32|f64', () => {
    fc.assert(
      fc.property(poolCaseArb(), (c) => check(c, pool(c.input, c.options))),
      { numRuns: RUNS },
    );
  });

  it('x=random integer data (exact sums: separable running sums run) avg|sum|lp, k up to 9', () => {
    fc.assert(
      fc.property(poolCaseArb({ modes: ['avg', 'sum', 'lp'], values: intValueArb }), (c) => check(c, pool(c.input, c.options))),
      { numRuns: RUNS },
    );
  });

  it('x=random max|min with large windows (van Herk) k<=12, 1-2 spatial dims', () => {
    fc.assert(
      fc.property(poolCaseArb({ modes: ['max', 'min'], maxK: 12, dims: [1, 2] }), (c) => check(c, pool(c.input, c.options))),
      { numRuns: RUNS },
    );
  });

  it('x=random f32 accumulate=torch|float64 avg|sum|lp, wide-range data (every float32 rounding step matters)', () => {
    const arb = poolCaseArb({ modes: ['avg', 'sum', 'lp'], values: wideValueArb, dtypes: ['float32'], accumulates: ['torch', 'float64'], maxK: 6 });
    fc.assert(
      fc.property(arb, (c) => check(c, pool(c.input, c.options))),
      { numRuns: RUNS },
    );
  });

  it('accumulate=torch differs from float64 on float32 sums that round (the option is not a no-op)', () => {
    const data = Float32Array.from({ length: 4096 }, (_, i) => Math.fround(Math.sin(i) * 1000 + 1e-3 * i));
    const input = { shape: [64, 64], data };
    const a = pool(input, { mode: 'sum', kernel: [5, 5], stride: [1, 1], accumulate: 'torch' }).output.data;
    const b = pool(input, { mode: 'sum', kernel: [5, 5], stride: [1, 1], accumulate: 'float64' }).output.data;
    let differ = 0;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
    expect(differ).toBeGreaterThan(a.length / 10);
  });

  it('out buffers: results land in the given (longer) buffers and equal a fresh call', () => {
    fc.assert(
      fc.property(poolCaseArb(), fc.nat(5), (c, spare) => {
        const fresh = pool(c.input, c.options);
        const n = fresh.output.data.length;
        const output = outArray(c, n + spare).fill(12345);
        const indices = new Int32Array(n + spare).fill(777);
        const got = pool(c.input, c.options, { output, indices });
        expect(got.output.data.buffer).toBe(output.buffer);
        expectSame(got.output.data, fresh.output.data, describeCase(c));
        if (fresh.indices !== undefined) {
          expect(got.indices!.buffer).toBe(indices.buffer);
          expectSame(got.indices!, fresh.indices, describeCase(c));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('each max kernel strategy == reference', () => {
  const maxCases = poolCaseArb({ modes: ['max'], maxK: 12 });
  const strategies: MaxStrategy[] = ['direct', 'separable'];
  for (const strategy of strategies) {
    it(`strategy=${strategy} x=random k<=12 with indices`, () => {
      fc.assert(
        fc.property(maxCases, (c) => checkMaxStrategy(c, (plan, dst, idx) => runMax({ kind: 'max', plan, src: c.input.data, dst, idx }, strategy))),
        { numRuns: 250 },
      );
    });
  }

  it('strategy=unrolled x=random k=2|3 (2x2, 3x3, any stride, padding) with indices', () => {
    const arb = poolCaseArb({ modes: ['max'], dims: [2], maxK: 3 }).filter((c) => unrolledMaxApplies(planOf(c).plan));
    fc.assert(
      fc.property(arb, (c) => checkMaxStrategy(c, (plan, dst, idx) => runMax({ kind: 'max', plan, src: c.input.data, dst, idx }, 'unrolled'))),
      { numRuns: 250 },
    );
  });

  it('strategy=unrolled without indices equals the values with indices', () => {
    const arb = poolCaseArb({ modes: ['max'], dims: [2], maxK: 3 }).filter((c) => unrolledMaxApplies(planOf(c).plan));
    fc.assert(
      fc.property(arb, (c) => {
        const { plan } = planOf(c);
        const n = plan.planes * plan.outPlane;
        const dst = outArray(c, n);
        runMax({ kind: 'max', plan, src: c.input.data, dst, idx: null }, 'unrolled');
        expectSame(dst, refPool(c.input, { ...c.options, mode: 'max' }).output.data, describeCase(c));
      }),
      { numRuns: 150 },
    );
  });

  for (const policy of ['always', 'never'] as const) {
    for (const withIdx of [true, false]) {
      it(`separable van Herk=${policy} ${withIdx ? 'with' : 'without'} indices x=random k<=12`, () => {
        fc.assert(
          fc.property(maxCases, (c) => {
            const { plan } = planOf(c);
            const n = plan.planes * plan.outPlane;
            const dst = outArray(c, n);
            const idx = withIdx ? new Int32Array(n) : null;
            maxSeparable(plan, c.input.data, dst, idx, policy);
            const want = refPool(c.input, { ...c.options, mode: 'max', returnIndices: true });
            expectSame(dst, want.output.data, `values of ${describeCase(c)}`);
            if (idx !== null) expectSame(idx, want.indices!, `indices of ${describeCase(c)}`);
          }),
          { numRuns: 200 },
        );
      });
    }
  }

  it('chooseMaxStrategy picks unrolled for 2x2/3x3, separable for long windows, direct otherwise', () => {
    const plan = (shape: number[], kernel: number[], stride?: number[]) =>
      makePlan(resolvePool(shape, { mode: 'max', kernel, ...(stride ? { stride } : {}) }).info);
    expect(chooseMaxStrategy(plan([8, 8], [2, 2]))).toBe('unrolled');
    expect(chooseMaxStrategy(plan([8, 8], [3, 3], [1, 1]))).toBe('unrolled');
    expect(chooseMaxStrategy(plan([64, 64], [15, 15], [1, 1]))).toBe('separable');
    expect(chooseMaxStrategy(plan([100], [9], [1]))).toBe('separable');
    expect(chooseMaxStrategy(plan([100], [5], [1]))).toBe('direct');
    expect(chooseMaxStrategy(plan([100], [3], [1]))).toBe('direct');
  });
});

describe('each sum kernel strategy == reference', () => {
  function sumJob(c: PoolCase, r: ResolvedPool, plan: Plan, dst: Float32Array | Float64Array) {
    const f32 = c.input.data instanceof Float32Array && r.accumulate === 'torch';
    const div = r.mode === 'avg' ? avgDivisor(r.countIncludePad, r.divisorOverride) : SUM_DIVISOR;
    return { kind: 'sum' as const, plan, src: c.input.data, dst, div, f32 };
  }
  const strategies: SumStrategy[] = ['direct', 'interior'];
  for (const strategy of strategies) {
    it(`strategy=${strategy} avg|sum x=random data with specials, and wide-range f32 data`, () => {
      const arb = fc.oneof(
        poolCaseArb({ modes: ['avg', 'sum'] }),
        poolCaseArb({ modes: ['avg', 'sum'], values: wideValueArb, dtypes: ['float32'], accumulates: ['torch'], dims: [1, 2] }),
      );
      fc.assert(
        fc.property(arb, (c) => {
          const { r, plan } = planOf(c);
          const dst = outArray(c, plan.planes * plan.outPlane);
          runSum(sumJob(c, r, plan, dst), strategy);
          expectSame(dst, refPool(c.input, c.options).output.data, describeCase(c));
        }),
        { numRuns: 250 },
      );
    });
  }

  it('strategy=separable (running sums) avg|sum x=random integer data, whenever sumsAreExact says so', () => {
    let ran = 0;
    fc.assert(
      fc.property(poolCaseArb({ modes: ['avg', 'sum'], values: intValueArb }), (c) => {
        const { r, plan } = planOf(c);
        const f32 = c.input.data instanceof Float32Array && r.accumulate === 'torch';
        if (!sumsAreExact(c.input.data, kernelVolume(plan), f32)) return;
        ran++;
        const dst = outArray(c, plan.planes * plan.outPlane);
        runSum(sumJob(c, r, plan, dst), 'separable');
        expectSame(dst, refPool(c.input, c.options).output.data, describeCase(c));
      }),
      { numRuns: 300 },
    );
    expect(ran).toBeGreaterThan(200);
  });

  it('chooseSumStrategy: separable only for large windows over exact data', () => {
    const plan = makePlan(resolvePool([32, 32], { mode: 'avg', kernel: [5, 5], stride: [1, 1] }).info);
    const ints = new Float64Array(32 * 32).map((_, i) => i % 7);
    const floats = new Float64Array(32 * 32).map((_, i) => Math.sin(i));
    expect(chooseSumStrategy(plan, ints, false)).toBe('separable');
    expect(chooseSumStrategy(plan, floats, false)).toBe('interior');
    const small = makePlan(resolvePool([32, 32], { mode: 'avg', kernel: [2, 2] }).info);
    expect(chooseSumStrategy(small, ints, false)).toBe('interior');
  });
});
