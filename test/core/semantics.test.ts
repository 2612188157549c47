// PyTorch's pooling rules that are easy to get wrong (checked against torch 1.13 when written),
// and the choices we made where torch has none or a bug.
import { describe, expect, it } from 'vitest';
import { adaptivePool, globalPool, outputShape, pool, unpool } from '../../src/core/index';
import type { PoolOptions } from '../../src/core/index';

const f64 = (xs: readonly number[]) => Float64Array.from(xs);
const range = (n: number) => f64(Array.from({ length: n }, (_, i) => i + 1));
const values = (shape: number[], data: Float64Array | Float32Array, o: PoolOptions) => Array.from(pool({ shape, data }, o).output.data);
const sameBits = (a: ArrayLike<number>, b: readonly number[]) =>
  expect(Array.from(a).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(b.map((v) => (Object.is(v, -0) ? '-0' : v)));

describe('output size', () => {
  it('x=[5] k=2 s=2 p=1 ceil → 3 (the 4th window would start in the right padding)', () => {
    expect(outputShape([5], { mode: 'max', kernel: [2], stride: [2], padding: [1], ceilMode: true })).toEqual([3]);
  });
  it('x=[7] k=2 s=4 ceil → 2, not 3', () => {
    expect(outputShape([7], { mode: 'max', kernel: [2], stride: [4], ceilMode: true })).toEqual([2]);
  });
  it('x=[5] k=2 d=3 p=1 accepted: padding is checked against the kernel, not the dilated extent', () => {
    expect(outputShape([5], { mode: 'max', kernel: [2], stride: [1], padding: [1], dilation: [3] })).toEqual([4]);
  });
  it("x=[5] k=2 s=2 'same' → ceil(5/2) = 3; 'valid' → 2", () => {
    expect(outputShape([5], { mode: 'max', kernel: [2], padding: 'same' })).toEqual([3]);
    expect(outputShape([5], { mode: 'max', kernel: [2], padding: 'valid' })).toEqual([2]);
  });
});

describe('max: NaN, ties, padding, ±0', () => {
  it('x=[nan,5,3,nan,nan] k=2 s=1 → indices [0,1,3,4] (NaN wins, the last NaN)', () => {
    const r = pool({ shape: [5], data: f64([NaN, 5, 3, NaN, NaN]) }, { mode: 'max', kernel: [2], stride: [1], returnIndices: true });
    sameBits(r.output.data, [NaN, 5, NaN, NaN]);
    expect(Array.from(r.indices!)).toEqual([0, 1, 3, 4]);
  });
  it('x=[2,2,1,2] k=4 → index 0 (ties go to the first cell)', () => {
    const r = pool({ shape: [4], data: f64([2, 2, 1, 2]) }, { mode: 'max', kernel: [4], returnIndices: true });
    expect(Array.from(r.indices!)).toEqual([0]);
  });
  it('x=[-0,+0] k=2 → -0 and x=[+0,-0] → +0 (first of tied zeros)', () => {
    sameBits(values([2], f64([-0, 0]), { mode: 'max', kernel: [2] }), [-0]);
    sameBits(values([2], f64([0, -0]), { mode: 'max', kernel: [2] }), [0]);
  });
  it('x=[-inf×4] k=2 s=2 p=1 → -inf with the first in-bounds cell, padding never chosen', () => {
    const r = pool({ shape: [4], data: f64([-Infinity, -Infinity, -Infinity, -Infinity]) }, { mode: 'max', kernel: [2], padding: [1], returnIndices: true });
    sameBits(r.output.data, [-Infinity, -Infinity, -Infinity]);
    expect(Array.from(r.indices!)).toEqual([0, 1, 3]);
  });
  it('x=[2] k=2 s=1 p=1 d=3: the window lies entirely in the padding → -inf, index -1 (our choice)', () => {
    const r = pool({ shape: [2], data: f64([5, 6]) }, { mode: 'max', kernel: [2], stride: [1], padding: [1], dilation: [3], returnIndices: true });
    sameBits(r.output.data, [-Infinity]);
    expect(Array.from(r.indices!)).toEqual([-1]);
    const m = pool({ shape: [2], data: f64([5, 6]) }, { mode: 'min', kernel: [2], stride: [1], padding: [1], dilation: [3], returnIndices: true });
    sameBits(m.output.data, [Infinity]);
    expect(Array.from(m.indices!)).toEqual([-1]);
  });
  it('min = -max(-x): x=[+0,-0] → +0, x=[3,nan,1] → nan, ties first', () => {
    sameBits(values([2], f64([0, -0]), { mode: 'min', kernel: [2] }), [0]);
    const r = pool({ shape: [3], data: f64([3, NaN, 1]) }, { mode: 'min', kernel: [3], returnIndices: true });
    sameBits(r.output.data, [NaN]);
    expect(Array.from(r.indices!)).toEqual([1]);
    const t = pool({ shape: [3], data: f64([1, 2, 1]) }, { mode: 'min', kernel: [3], returnIndices: true });
    expect(Array.from(t.indices!)).toEqual([0]);
  });
});

describe('avg divisors', () => {
  it('x=[6] 1..6 k=4 s=3 p=1 ceil cip=T → [1.5, 4.5, 3] (ceil window cut at the padded edge)', () => {
    sameBits(values([6], range(6), { mode: 'avg', kernel: [4], stride: [3], padding: [1], ceilMode: true }), [1.5, 4.5, 3]);
  });
  it('x=[6] 1..6 k=4 s=3 p=1 ceil cip=F → [2, 4.5, 6]', () => {
    sameBits(values([6], range(6), { mode: 'avg', kernel: [4], stride: [3], padding: [1], ceilMode: true, countIncludePad: false }), [2, 4.5, 6]);
  });
  it('x=[4] 1..4 k=2 div=3 and div=-2 → sum/3, sum/-2', () => {
    sameBits(values([4], range(4), { mode: 'avg', kernel: [2], divisorOverride: 3 }), [1, 7 / 3]);
    sameBits(values([4], range(4), { mode: 'avg', kernel: [2], divisorOverride: -2 }), [-1.5, -3.5]);
  });
  it("x=[5] 1..5 k=2 'same' → the padded cell is not counted (TF/ONNX)", () => {
    sameBits(values([5], range(5), { mode: 'avg', kernel: [2], padding: 'same' }), [1.5, 3.5, 5]);
  });
  it('x=[-0,-0] k=2 → +0 (sums start at +0, as torch)', () => {
    sameBits(values([2], f64([-0, -0]), { mode: 'avg', kernel: [2] }), [0]);
    sameBits(values([2], f64([-0, -0]), { mode: 'sum', kernel: [2] }), [0]);
  });
  it('x=[2] k=2 s=1 p=1 d=3 (window in the padding): avg cip=T → 0, cip=F → NaN (0/0), sum → 0', () => {
    const o = { kernel: [2], stride: [1], padding: [1], dilation: [3] };
    sameBits(values([2], f64([5, 6]), { mode: 'avg', ...o }), [0]);
    sameBits(values([2], f64([5, 6]), { mode: 'avg', countIncludePad: false, ...o }), [NaN]);
    sameBits(values([2], f64([5, 6]), { mode: 'sum', ...o }), [0]);
  });
  it('x=[4] f32 [1e8,1,-1e8,1] k=4: float64 sums → 0.5 (default), torch float32 sums → 0.25', () => {
    const data = Float32Array.from([1e8, 1, -1e8, 1]);
    sameBits(values([4], data, { mode: 'avg', kernel: [4] }), [0.5]);
    sameBits(values([4], data, { mode: 'avg', kernel: [4], accumulate: 'torch' }), [0.25]);
  });
});

describe('lp (nn.LPPool)', () => {
  it('x=[5] 1..5 k=2 s=2 ceil p=1 → [3, 7, 10] (partial window scaled by k/count)', () => {
    sameBits(values([5], range(5), { mode: 'lp', kernel: [2], ceilMode: true, p: 1 }), [3, 7, 10]);
  });
  it('x=[-1,-2,3,-4] k=2 p=1 → signed sums [-3, -1] (no abs); p=3 negative sum → NaN', () => {
    sameBits(values([4], f64([-1, -2, 3, -4]), { mode: 'lp', kernel: [2], p: 1 }), [-3, -1]);
    const r = values([4], f64([-1, -2, 3, 1]), { mode: 'lp', kernel: [2], p: 3 });
    expect(Number.isNaN(r[0])).toBe(true);
    expect(r[1]).toBeCloseTo(Math.cbrt(28), 12);
  });
  it('x=[3,-4,1,2] k=2 p=2 → sqrt of sums of squares [5, sqrt(5)]', () => {
    sameBits(values([4], f64([3, -4, 1, 2]), { mode: 'lp', kernel: [2], p: 2 }), [5, Math.sqrt(5)]);
  });
  it('x=[1,-7,3,nan] k=2 p=inf → max|x| [7, nan] (torch returns 1.0: a bug we do not copy)', () => {
    sameBits(values([4], f64([1, -7, 3, NaN]), { mode: 'lp', kernel: [2], p: Infinity }), [7, NaN]);
  });
});

describe('adaptive bins floor(i·L/O) .. ceil((i+1)·L/O)', () => {
  it('x=[7] 1..7 → 3: bins overlap, max [3, 5, 7]', () => {
    sameBits(adaptivePool({ shape: [7], data: range(7) }, [3], 'max').output.data, [3, 5, 7]);
  });
  it('x=[10] 1..10 → 4: max [3, 5, 8, 10]', () => {
    sameBits(adaptivePool({ shape: [10], data: range(10) }, [4], 'max').output.data, [3, 5, 8, 10]);
  });
  it('x=[3] 1..3 → 5: O > L repeats cells [1, 1, 2, 3, 3]', () => {
    sameBits(adaptivePool({ shape: [3], data: range(3) }, [5], 'avg').output.data, [1, 1.5, 2, 2.5, 3]);
  });
  it('x=[2,3] out=[null,1] keeps dim 0', () => {
    const r = adaptivePool({ shape: [2, 3], data: range(6) }, [null, 1], 'max');
    expect(r.output.shape).toEqual([2, 1]);
    sameBits(r.output.data, [3, 6]);
  });
  it('x=[6] out=[0] → empty, as torch', () => {
    const r = adaptivePool({ shape: [6], data: range(6) }, [0], 'avg');
    expect(r.output.shape).toEqual([0]);
    expect(r.output.data.length).toBe(0);
  });
});

describe('global pooling', () => {
  it('x=[2,2,3] spatialDims=2: max with indices, avg = mean, sum', () => {
    const input = { shape: [2, 2, 3], data: f64([1, 5, 2, 0, 5, 3, -1, -2, -3, -4, -5, -6]) };
    const m = globalPool(input, 2, 'max');
    expect(m.output.shape).toEqual([2, 1, 1]);
    sameBits(m.output.data, [5, -1]);
    expect(Array.from(m.indices!)).toEqual([1, 0]);
    sameBits(globalPool(input, 2, 'avg').output.data, [16 / 6, -21 / 6]);
    sameBits(globalPool(input, 2, 'sum').output.data, [16, -21]);
  });
});

describe('unpool (max_unpool)', () => {
  it('x=[5,5] k=2 s=2 ceil → unpool to [5,5] puts each max back', () => {
    const input = { shape: [5, 5], data: range(25) };
    const r = pool(input, { mode: 'max', kernel: [2, 2], ceilMode: true, returnIndices: true });
    const u = unpool(r.output, r.indices!, [5, 5]);
    expect(u.shape).toEqual([5, 5]);
    const want = new Array<number>(25).fill(0);
    for (const i of [6, 8, 9, 16, 18, 19, 21, 23, 24]) want[i] = i + 1;
    sameBits(u.data, want);
  });
  it('later values win at a repeated index', () => {
    const u = unpool({ shape: [1, 3], data: f64([1, 2, 3]) }, Int32Array.from([0, 0, 2]), [4]);
    sameBits(u.data, [2, 0, 3, 0]);
  });
});
