// The one min/max pass (src/valueScan.ts) that the panel's statistics and the host's value range
// share: the answer of the loop each had, whatever the dtype.
import { describe, expect, it } from 'vitest';
import { valueRange } from '../src/valueScan';
import { computeStats } from '../webview/stats';

/** The loop as it stood in src/chunks.ts before it was shared: the reference. */
function oneLoop(data: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let seen = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) continue;
    seen = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return seen ? { min, max } : null;
}

/** Compares ranges bit for bit: -0 is not +0 here. */
function same(a: { min: number; max: number } | null | undefined, b: { min: number; max: number } | null, label = ''): void {
  expect(a === null ? null : a === undefined ? undefined : [Object.is(a.min, b?.min), Object.is(a.max, b?.max)], label).toEqual(
    b === null ? null : [true, true],
  );
}

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

const cases: [string, ArrayLike<number>][] = [
  ['empty', new Float32Array(0)],
  ['all NaN', Float64Array.of(nan, nan, nan, nan, nan)],
  ['NaN first and last', Float32Array.of(nan, 3, -2.5, 7, nan)],
  ['±Infinity', Float64Array.of(1, inf, nan, ninf, 2)],
  ['only +Infinity', Float32Array.of(nan, inf, inf)],
  ['-0 before +0', Float64Array.of(-0, 0, nan, -0)],
  ['+0 before -0', Float32Array.of(nan, 0, -0)],
  ['int8', Int8Array.of(-128, 5, 127, 0)],
  ['uint8', Uint8Array.of(200, 3, 255, 0, 9)],
  ['int16', Int16Array.of(-32768, 12, 32767)],
  ['uint16', Uint16Array.of(65535, 1, 300)],
  ['int32', Int32Array.of(2147483647, -2147483648, 0, 17, -5)],
  ['uint32', Uint32Array.of(4294967295, 0, 123456)],
  ['float64 beyond float32', Float64Array.of(1e300, -1e-300, 5e-324, -1e308)],
  ['numbers', [4, nan, -9, 2.5]],
];

describe('valueRange', () => {
  it('skips NaN like the panel statistics; null when all are NaN; ±Infinity count; the first of -0/+0 stays', () => {
    for (const [name, data] of cases) same(valueRange(data), oneLoop(data), name);
    expect(valueRange(Float32Array.of(3, nan, -2, inf))).toEqual({ min: -2, max: inf });
    expect(valueRange(Float32Array.of(nan))).toBeNull();
    expect(valueRange([])).toBeNull();
  });

  it('computeStats takes min and max from the same pass, and counts NaN', () => {
    for (const [name, data] of cases) {
      const s = computeStats(data);
      same(Number.isNaN(s.min) ? null : { min: s.min, max: s.max }, oneLoop(data), name);
      expect(s.count).toBe(data.length);
      expect(s.nans).toBe(Array.from(data).filter((v) => v !== v).length);
    }
    expect(computeStats(Float64Array.of(1, nan, 2, 6))).toEqual({ count: 4, min: 1, max: 6, mean: 3, nans: 1 });
    expect(computeStats(Float64Array.of(nan, nan))).toEqual({ count: 2, min: nan, max: nan, mean: nan, nans: 2 });
  });
});
