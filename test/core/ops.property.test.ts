// adaptivePool, fractionalMaxPool, unpool, globalPool and torch's sum order against the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePool, fractionalMaxPool, globalPool, pool, unpool } from '../../src/core/index';
import { torchSum } from '../../src/core/kernels/cascade';
import { refAdaptive, refFractional, refPool, refTorchSum, refUnpool } from '../reference/pool';
import { expectSame, makeArray, valueArb, wideValueArb } from './arbitraries';
import type { Dtype } from './arbitraries';

const dtypeArb = fc.constantFrom<Dtype>('float32', 'float64');
const leadArb = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 });

describe('adaptivePool == reference', () => {
  const arb = fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc.record({
      lead: leadArb,
      spatial: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: d, maxLength: d }),
      out: fc.array(fc.option(fc.integer({ min: 0, max: 11 }), { nil: null, freq: 5 }), { minLength: d, maxLength: d }),
      mode: fc.constantFrom<'max' | 'avg'>('max', 'avg'),
      dtype: dtypeArb,
      accumulate: fc.constantFrom<'torch' | 'float64'>('torch', 'float64'),
      values: fc.array(fc.oneof(valueArb, wideValueArb), { minLength: 1, maxLength: 80 }),
    }),
  );
  it('x=random 1-3 spatial dims, out 0..11 or null (O > L, O ∤ L, all ones → torch mean order), max|avg, f32|f64', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const input = makeArray([...c.lead, ...c.spatial], c.values, c.dtype);
        const returnIndices = c.mode === 'max';
        const got = adaptivePool(input, c.out, c.mode, { returnIndices, accumulate: c.accumulate });
        const want = refAdaptive(input, c.out, c.mode, returnIndices, c.accumulate);
        const what = JSON.stringify(c);
        expect(got.output.shape).toEqual(want.output.shape);
        expectSame(got.output.data, want.output.data, what);
        if (returnIndices) expectSame(got.indices!, want.indices!, what);
      }),
      { numRuns: 400 },
    );
  });
});

describe('fractionalMaxPool == reference', () => {
  const arb = fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc.record({
      lead: leadArb,
      axes: fc.array(fc.record({ k: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 8 }), out: fc.integer({ min: 0, max: 9 }) }), {
        minLength: d,
        maxLength: d,
      }),
      dtype: dtypeArb,
      values: fc.array(valueArb, { minLength: 1, maxLength: 80 }),
      u: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 }),
    }),
  );
  it('x=random 1-3 spatial dims, k 1..4, out within torch limits, samples in [0,1), f32|f64 (float32 interval arithmetic)', () => {
    fc.assert(
      fc.property(arb, (c) => {
        const d = c.axes.length;
        // torch: out + k − 1 ≤ L (3-d: < L).
        const spatial = c.axes.map((a) => a.k + a.extra + (d === 3 ? 1 : 0));
        const out = c.axes.map((a, i) => Math.min(a.out, spatial[i]! - a.k + (d === 3 ? 0 : 1)));
        const input = makeArray([...c.lead, ...spatial], c.values, c.dtype);
        const planes = c.lead.reduce((a, b) => a * b, 1);
        const samples = Float64Array.from({ length: planes * d }, (_, i) => c.u[i % c.u.length]!);
        const kernel = c.axes.map((a) => a.k);
        const got = fractionalMaxPool(input, kernel, out, samples);
        const want = refFractional(input, kernel, out, samples);
        const what = JSON.stringify({ ...c, spatial, out });
        expect(got.output.shape).toEqual(want.output.shape);
        expectSame(got.output.data, want.output.data, what);
        expectSame(got.indices!, want.indices!, what);
      }),
      { numRuns: 300 },
    );
  });
});

describe('unpool == reference, and unpool ∘ pool keeps every max where it was', () => {
  it('x=random max pooling (k<=3, s<=3, p, ceil) then unpool to the input shape', () => {
    const arb = fc.record({
      lead: leadArb,
      spatial: fc.array(fc.integer({ min: 3, max: 9 }), { minLength: 1, maxLength: 3 }),
      k: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 3 }),
      pad: fc.boolean(),
      ceil: fc.boolean(),
      dtype: dtypeArb,
      values: fc.array(valueArb, { minLength: 1, maxLength: 80 }),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const d = c.spatial.length;
        const input = makeArray([...c.lead, ...c.spatial], c.values, c.dtype);
        const kernel = new Array<number>(d).fill(c.k);
        const r = pool(input, {
          mode: 'max',
          kernel,
          stride: new Array<number>(d).fill(c.s),
          padding: new Array<number>(d).fill(c.pad ? Math.floor(c.k / 2) : 0),
          ceilMode: c.ceil,
          returnIndices: true,
        });
        const got = unpool(r.output, r.indices!, c.spatial);
        const want = refUnpool(r.output, r.indices!, c.spatial);
        expect(got.shape).toEqual(input.shape);
        expectSame(got.data, want.data, JSON.stringify(c));
        // Every non-zero cell of the unpooled plane holds the input's value there.
        for (let i = 0; i < got.data.length; i++) {
          if (!Object.is(got.data[i], 0)) expect(Object.is(got.data[i], input.data[i])).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("globalPool: torch's global forms", () => {
  it('x=random, spatialDims 1-3: max/min/lp = pool with the plane as kernel, avg = adaptive to 1, sum = torch.sum order', () => {
    const arb = fc.record({
      lead: leadArb,
      spatial: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
      mode: fc.constantFrom('max', 'min', 'avg', 'sum', 'lp' as const),
      dtype: dtypeArb,
      values: fc.array(fc.oneof(valueArb, wideValueArb), { minLength: 1, maxLength: 200 }),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const input = makeArray([...c.lead, ...c.spatial], c.values, c.dtype);
        const d = c.spatial.length;
        const got = globalPool(input, d, c.mode);
        expect(got.output.shape).toEqual([...c.lead, ...c.spatial.map(() => 1)]);
        let want: ArrayLike<number>;
        if (c.mode === 'avg')
          want = refAdaptive(
            input,
            c.spatial.map(() => 1),
            'avg',
          ).output.data;
        else if (c.mode === 'sum') {
          const n = c.spatial.reduce((a, b) => a * b, 1);
          const planes = c.lead.reduce((a, b) => a * b, 1);
          const out = c.dtype === 'float32' ? new Float32Array(planes) : new Float64Array(planes);
          for (let p = 0; p < planes; p++) out[p] = refTorchSum(Array.from(input.data.subarray(p * n, (p + 1) * n)), c.dtype === 'float32');
          want = out;
        } else {
          const r = refPool(input, { mode: c.mode, kernel: c.spatial, returnIndices: c.mode !== 'lp' });
          want = r.output.data;
          if (c.mode !== 'lp') expectSame(got.indices!, r.indices!, `indices ${JSON.stringify(c)}`);
        }
        expectSame(got.output.data, want, JSON.stringify(c));
      }),
      { numRuns: 300 },
    );
  });
});

describe("torchSum (torch.sum's cascade order) == the plain transcription", () => {
  it('n = 1..6000 values, f32 and f64 sums, data that rounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.boolean(), fc.integer(), (n, f32, seed) => {
        let s = seed | 0;
        const next = () => {
          s = (Math.imul(s, 1103515245) + 12345) | 0;
          return s / 2 ** 31;
        };
        const data = f32 ? Float32Array.from({ length: n }, next) : Float64Array.from({ length: n }, () => next() * 1e3 + next());
        const got = torchSum(data, 0, n, f32);
        const want = refTorchSum(Array.from(data), f32);
        expect(Object.is(got, want)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
