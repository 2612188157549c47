// windowOf / adaptiveWindowOf / outputsFedBy: what the panel links, checked against pool itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePool, adaptiveWindowOf, outputsFedBy, pool, PoolingError, poolInfo, windowOf } from '../../src/core/index';
import type { PoolOptions } from '../../src/core/index';
import { makeArray, poolCaseArb } from './arbitraries';

const flatOf = (c: readonly number[], sizes: readonly number[]) => c.reduce((f, v, i) => f * sizes[i]! + v, 0);

function coordsOf(flat: number, sizes: readonly number[]): number[] {
  const out = new Array<number>(sizes.length);
  for (let i = sizes.length - 1; i >= 0; i--) {
    out[i] = flat % sizes[i]!;
    flat = Math.floor(flat / sizes[i]!);
  }
  return out;
}

function allIndices(sizes: readonly number[]): number[][] {
  const n = sizes.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => coordsOf(i, sizes));
}

describe('windowOf examples', () => {
  it('x=[5,5] k=3 s=2 p=1, output [0,0]: 4 cells, 5 padding taps, row-major', () => {
    const w = windowOf([5, 5], { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, [0, 0]);
    expect(w.cells).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(w.padding).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [0, -1],
      [1, -1],
    ]);
  });
  it('x=[7] k=3 d=2 s=1, output 1: taps 1, 3, 5 (dilation gaps skipped)', () => {
    expect(windowOf([7], { mode: 'max', kernel: [3], stride: [1], dilation: [2] }, [1])).toEqual({ cells: [[1], [3], [5]], padding: [] });
  });
  it('x=[6] k=4 s=3 p=1 ceil, output 2: cells 5, padding 6; tap 7 lies beyond the padded edge (in neither)', () => {
    expect(windowOf([6], { mode: 'avg', kernel: [4], stride: [3], padding: [1], ceilMode: true }, [2])).toEqual({ cells: [[5]], padding: [[6]] });
  });
  it("x=[5] k=2 'same-lower', output 0: the extra padded cell comes first", () => {
    expect(windowOf([5], { mode: 'max', kernel: [2], stride: [1], padding: 'same-lower' }, [0])).toEqual({ cells: [[0]], padding: [[-1]] });
  });
  it('adaptive x=[10] → 4, output 1: cells 2..5 (floor(10/4) .. ceil(20/4))', () => {
    expect(adaptiveWindowOf([10], [4], [1])).toEqual({ cells: [[2], [3], [4]], padding: [] });
  });
  it('outputsFedBy x=[5,5] k=2 s=1, cell [1,1] feeds outputs [0..1]×[0..1]', () => {
    expect(outputsFedBy([5, 5], { mode: 'max', kernel: [2, 2], stride: [1, 1] }, [1, 1])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('windowOf agrees with pool', () => {
  it('x=random: the max/min index lies in the window cells (−1 exactly when there are none)', () => {
    fc.assert(
      fc.property(poolCaseArb({ modes: ['max', 'min'] }), fc.nat(), (c, pick) => {
        const r = pool(c.input, { ...c.options, returnIndices: true });
        const info = poolInfo(c.input.shape, c.options);
        const outPlane = info.outSpatial.reduce((a, b) => a * b, 1);
        if (outPlane * info.batchShape.reduce((a, b) => a * b, 1) === 0) return;
        const o = pick % outPlane;
        const w = windowOf(c.input.shape, c.options, coordsOf(o, info.outSpatial));
        const index = r.indices![o]!;
        if (w.cells.length === 0) expect(index).toBe(-1);
        else expect(w.cells.map((cell) => flatOf(cell, info.inSpatial))).toContain(index);
      }),
      { numRuns: 300 },
    );
  });

  it('x=random f64: avg = (sum of the cells in window order) / divisor, divisor = cells (+ padding taps when counted)', () => {
    const arb = poolCaseArb({ modes: ['avg'], dtypes: ['float64'], accumulates: [undefined] }).filter((c) => c.options.divisorOverride === undefined);
    fc.assert(
      fc.property(arb, fc.nat(), (c, pick) => {
        const info = poolInfo(c.input.shape, c.options);
        const outPlane = info.outSpatial.reduce((a, b) => a * b, 1);
        const planes = info.batchShape.reduce((a, b) => a * b, 1);
        if (outPlane * planes === 0) return;
        const o = pick % outPlane;
        const w = windowOf(c.input.shape, c.options, coordsOf(o, info.outSpatial));
        const auto = c.options.padding === 'same' || c.options.padding === 'same-lower' || c.options.padding === 'valid';
        const counted = c.options.countIncludePad ?? !auto;
        const divisor = counted ? w.cells.length + w.padding.length : w.cells.length;
        const out = pool(c.input, c.options).output.data;
        const inPlane = info.inSpatial.reduce((a, b) => a * b, 1);
        const p = planes - 1; // the last plane
        let sum = 0;
        for (const cell of w.cells) sum += c.input.data[p * inPlane + flatOf(cell, info.inSpatial)]!;
        expect(Object.is(out[p * outPlane + o], sum / divisor)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('adaptive x=random: the adaptive max index lies in adaptiveWindowOf', () => {
    const arb = fc.record({
      spatial: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
      out: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }),
      values: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 50 }),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const out = c.out.slice(0, c.spatial.length);
        const input = makeArray(c.spatial, c.values, 'float64');
        const r = adaptivePool(input, out, 'max', { returnIndices: true });
        const n = out.reduce((a, b) => a * b, 1);
        const o = c.pick % n;
        const w = adaptiveWindowOf(c.spatial, out, coordsOf(o, out));
        expect(w.cells.map((cell) => flatOf(cell, c.spatial))).toContain(r.indices![o]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('outputsFedBy is the inverse of windowOf', () => {
  it('x=random small shapes, every option: o ∈ outputsFedBy(i) ⇔ i ∈ windowOf(o).cells', () => {
    const arb = poolCaseArb({ modes: ['max'] }).filter((c) => c.input.data.length <= 400);
    fc.assert(
      fc.property(arb, (c) => {
        const options: PoolOptions = c.options;
        const info = poolInfo(c.input.shape, options);
        const fed = new Map<number, Set<number>>();
        for (const o of allIndices(info.outSpatial)) {
          for (const cell of windowOf(c.input.shape, options, o).cells) {
            const i = flatOf(cell, info.inSpatial);
            if (!fed.has(i)) fed.set(i, new Set());
            fed.get(i)!.add(flatOf(o, info.outSpatial));
          }
        }
        for (const i of allIndices(info.inSpatial)) {
          const got = outputsFedBy(c.input.shape, options, i).map((o) => flatOf(o, info.outSpatial));
          const want = [...(fed.get(flatOf(i, info.inSpatial)) ?? [])].sort((a, b) => a - b);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('windows too large to list', () => {
  it('x=[2^23] adaptive out=[1] → PoolingError naming outputSize, before listing 2^23 cells', () => {
    let err: unknown;
    try {
      adaptiveWindowOf([2 ** 23], [1], [0]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PoolingError);
    expect((err as PoolingError).parameter).toBe('outputSize');
    expect((err as PoolingError).message).toMatch(/window too large/);
  });

  it('x=[4096,4096] k=[2048,2049] s=1 → PoolingError naming kernel (2^22 cells is the limit)', () => {
    expect(() => windowOf([4096, 4096], { mode: 'max', kernel: [2048, 2049], stride: [1, 1] }, [0, 0])).toThrow(/window too large/);
  });
});
