import { describe, expect, it } from 'vitest';
import { avgDivisor, axisFed, axisWindow, BEYOND, CELL, fedAt, gatherTerms, PAD, product, termCoords, windowAt, type Geometry } from '../../webview/linking';

function win1d(L: number, k: number, s: number, d: number, pb: number, pa: number, out: number): Geometry {
  return { kind: 'window', inShape: [L], outShape: [out], kernel: [k], stride: [s], dilation: [d], padBefore: [pb], padAfter: [pa] };
}

describe('window geometry', () => {
  it('marks cells, padding and the part past the padded edge', () => {
    // L=6, k4 s3 p1 ceil: windows start at -1, 2, 5 (the last runs past L+p = 7).
    const g = win1d(6, 4, 3, 1, 1, 1, 3);
    expect(axisWindow(g, 0, 0)).toEqual({ positions: [-1, 0, 1, 2], kinds: [PAD, CELL, CELL, CELL] });
    expect(axisWindow(g, 0, 2)).toEqual({ positions: [5, 6, 7, 8], kinds: [CELL, PAD, BEYOND, BEYOND] });
  });

  it('leaves dilation gaps', () => {
    const g = win1d(7, 3, 1, 2, 0, 0, 3);
    expect(axisWindow(g, 0, 1).positions).toEqual([1, 3, 5]);
  });

  it('computes the avg divisors of PyTorch (POOLING-SEMANTICS 6)', () => {
    const g = win1d(6, 4, 3, 1, 1, 1, 3);
    const spans = (o: number) => windowAt(g, [o]);
    // count_include_pad=True: [1.5, 4.5, 3.0] on 1..6 means divisors 4, 4, 2.
    expect([0, 1, 2].map((o) => avgDivisor(g, spans(o), true, null).divisor)).toEqual([4, 4, 2]);
    // False: [2, 4.5, 6] means 3, 4, 1.
    expect([0, 1, 2].map((o) => avgDivisor(g, spans(o), false, null).divisor)).toEqual([3, 4, 1]);
    expect(avgDivisor(g, spans(0), true, 7)).toEqual({ divisor: 7, rule: 'override' });
  });

  it('finds the outputs an input feeds, the inverse of the windows', () => {
    const cases: Geometry[] = [win1d(9, 3, 2, 1, 1, 1, 5), win1d(10, 2, 3, 2, 0, 0, 3), win1d(7, 3, 1, 2, 1, 1, 5), win1d(5, 2, 2, 1, 0, 1, 3)];
    for (const g of cases) {
      for (let i = 0; i < g.inShape[0]!; i++) {
        const expected: number[] = [];
        for (let o = 0; o < g.outShape[0]!; o++) {
          const w = axisWindow(g, 0, o);
          if (w.positions.some((p, j) => p === i && w.kinds[j] === CELL)) expected.push(o);
        }
        expect(axisFed(g, 0, i)).toEqual(expected);
      }
    }
  });

  it('uses PyTorch\u2019s adaptive bins, overlapping when sizes do not divide', () => {
    const g: Geometry = { kind: 'adaptive', inShape: [7], outShape: [3] };
    expect([0, 1, 2].map((o) => axisWindow(g, 0, o).positions)).toEqual([
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ]);
    expect(axisFed(g, 0, 2)).toEqual([0, 1]);
    const up: Geometry = { kind: 'adaptive', inShape: [2], outShape: [5] };
    for (let i = 0; i < 2; i++) {
      const expected = [0, 1, 2, 3, 4].filter((o) => axisWindow(up, 0, o).positions.includes(i));
      expect(axisFed(up, 0, i)).toEqual(expected);
    }
  });

  it('covers everything for global pooling', () => {
    const g: Geometry = { kind: 'global', inShape: [3, 4], outShape: [1, 1] };
    expect(windowAt(g, [0, 0]).map((s) => s.positions)).toEqual([
      [0, 1, 2],
      [0, 1, 2, 3],
    ]);
    expect(fedAt(g, [2, 3])).toEqual([[0], [0]]);
  });
});

describe('terms', () => {
  it('gathers a 2-D window in row-major order with padding as flagged zeros', () => {
    // 5x5, 1..25, k2 s2 p1: output [0, 0] covers (-1..0) x (-1..0).
    const plane = Float32Array.from({ length: 25 }, (_, i) => i + 1);
    const g: Geometry = {
      kind: 'window',
      inShape: [5, 5],
      outShape: [3, 3],
      kernel: [2, 2],
      stride: [2, 2],
      dilation: [1, 1],
      padBefore: [1, 1],
      padAfter: [1, 1],
    };
    const t = gatherTerms(windowAt(g, [0, 0]), plane, g.inShape);
    expect(Array.from(t.values)).toEqual([0, 0, 0, 1]);
    expect(Array.from(t.padded!)).toEqual([1, 1, 1, 0]);
    const t2 = gatherTerms(windowAt(g, [1, 1]), plane, g.inShape);
    expect(Array.from(t2.values)).toEqual([7, 8, 12, 13]);
    expect(t2.padded).toBeNull();
    expect(termCoords(windowAt(g, [1, 1]), 3)).toEqual([2, 2]);
  });

  it('iterates products row-major', () => {
    expect([
      ...product([
        [0, 1],
        [5, 6, 7],
      ]),
    ]).toEqual([
      [0, 5],
      [0, 6],
      [0, 7],
      [1, 5],
      [1, 6],
      [1, 7],
    ]);
    expect([...product([[1], []])]).toEqual([]);
  });
});

import fc from 'fast-check';
import { adaptiveWindowOf, outputsFedBy, windowOf } from '../../src/core';
import { plan } from '../../webview/compute';
import { defaultParams, toPoolOptions, type Params } from '../../webview/state';

/** Every cell of the separable window, split as the core's windowOf splits it. */
function cellsOf(g: Geometry, out: number[]): { cells: number[][]; padding: number[][] } {
  const spans = windowAt(g, out);
  const cells: number[][] = [];
  const padding: number[][] = [];
  for (const js of product(spans.map((s) => s.positions.map((_, j) => j)))) {
    const kinds = js.map((j, a) => spans[a]!.kinds[j]!);
    if (kinds.includes(BEYOND)) continue;
    const coords = js.map((j, a) => spans[a]!.positions[j]!);
    (kinds.every((k) => k === CELL) ? cells : padding).push(coords);
  }
  return { cells, padding };
}

describe('agreement with the core', () => {
  const arb = fc.integer({ min: 1, max: 2 }).chain((d) =>
    fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: d, maxLength: d }),
      kernel: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: d, maxLength: d }),
      stride: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: d, maxLength: d }),
      dilation: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: d, maxLength: d }),
      pad: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: d, maxLength: d }),
      auto: fc.constantFrom('explicit', 'same', 'same-lower', 'valid'),
      ceilMode: fc.boolean(),
    }),
  );

  it('windows and fed outputs equal windowOf / outputsFedBy for random parameters', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (c) => {
        const d = c.shape.length;
        const params: Params = {
          ...defaultParams(
            Array.from({ length: d }, (_, i) => i),
            'pytorch',
          ),
          kernel: c.kernel,
          stride: c.stride,
          dilation: c.dilation,
          padding: c.auto === 'explicit' ? c.pad.map((p, i) => Math.min(p, Math.floor(c.kernel[i]! / 2))) : (c.auto as Params['padding']),
          ceilMode: c.ceilMode,
        };
        const planned = plan([1, ...c.shape], params);
        if (!planned.ok) return; // e.g. the kernel does not fit: nothing to link
        checked++;
        const g = planned.plan.geometry;
        const options = toPoolOptions(params);
        for (const out of product(planned.plan.outSpatial.map((n) => Array.from({ length: n }, (_, i) => i)))) {
          const mine = cellsOf(g, out);
          const core = windowOf(c.shape, options, out);
          expect(mine.cells).toEqual(core.cells);
          expect(mine.padding).toEqual(core.padding);
        }
        for (const inIdx of product(c.shape.map((n) => Array.from({ length: n }, (_, i) => i)))) {
          expect([...product(fedAt(g, inIdx))]).toEqual(outputsFedBy(c.shape, options, inIdx));
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('adaptive bins equal adaptiveWindowOf', () => {
    for (const [L, O] of [
      [7, 3],
      [10, 4],
      [2, 5],
      [5, 5],
      [9, 1],
    ] as const) {
      const g: Geometry = { kind: 'adaptive', inShape: [L, 3], outShape: [O, 2] };
      for (let o = 0; o < O; o++) {
        for (let o2 = 0; o2 < 2; o2++) {
          expect(cellsOf(g, [o, o2]).cells).toEqual(adaptiveWindowOf([L, 3], [O, 2], [o, o2]).cells);
        }
      }
    }
  });
});
