// The one min/max pass (src/valueScan.ts) that the panel's statistics and the host's value range
// share: the same answer in one pass or in slices, whatever the dtype; the slices really let
// other tasks run between them, and stop when their load is abandoned.
import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from '../src/io/steps';
import { RANGE_SLICE_VALUES, valueRange, valueRangeInSlices } from '../src/valueScan';
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

function randomFloats(n: number, seed: number): Float32Array {
  const data = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s % 97 === 0 ? nan : s % 389 === 0 ? (s & 1 ? inf : ninf) : (s >>> 8) / 2 ** 20 - 8;
  }
  return data;
}

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

describe('valueRangeInSlices', () => {
  it('gives the one-pass range for every dtype and slice size (a slice boundary anywhere)', async () => {
    const all: [string, ArrayLike<number>][] = [...cases, ['random', randomFloats(1000, 7)], ['random with -0', Float64Array.of(3, 0, -0, 0, -0, 1)]];
    for (const [name, data] of all) {
      for (const sliceValues of [1, 2, 3, 7, 64, data.length, data.length + 1]) {
        let pauses = 0;
        const r = await valueRangeInSlices(data, { pause: async () => void pauses++, sliceValues });
        same(r, oneLoop(data), `${name}, ${sliceValues} per slice`);
        expect(pauses).toBe(Math.ceil(data.length / Math.max(1, sliceValues)));
      }
    }
  });

  it('a large array: RANGE_SLICE_VALUES per slice, the same range', async () => {
    const data = new Float32Array(2.5 * RANGE_SLICE_VALUES).map((_, i) => (i % 1001 === 0 ? nan : (i % 977) - 400));
    data[data.length - 1] = 1e6;
    let pauses = 0;
    const r = await valueRangeInSlices(data, { pause: async () => void pauses++ });
    same(r, oneLoop(data));
    expect(r).toEqual({ min: -400, max: 1e6 });
    expect(pauses).toBe(3);
  });

  it('other tasks run between its slices, and none runs in its caller’s task', async () => {
    const values = randomFloats(40, 3);
    const events: string[] = [];
    // Records every value read, so the slices show in the order of events.
    const data = new Proxy(values, {
      get: (t, key) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) events.push('read');
        return Reflect.get(t, key, t);
      },
    });
    let running = true;
    // Another task on the same event loop, taking its turn whenever it can.
    const other = (async () => {
      while (running) {
        events.push('other');
        await yieldToEventLoop();
      }
    })();
    const pending = valueRangeInSlices(data, { pause: yieldToEventLoop, sliceValues: 10 });
    events.push('caller');
    const r = await pending;
    running = false;
    await other;
    same(r, oneLoop(values));
    expect(events.indexOf('caller')).toBeLessThan(events.indexOf('read'));
    // Runs of reads: one per slice, each a task of its own with the other task between them.
    const runs = events
      .join(' ')
      .split(/(?:caller|other)/)
      .map((run) => run.trim().split(/\s+/).filter(Boolean).length)
      .filter((n) => n > 0);
    expect(runs).toEqual([10, 10, 10, 10]);
  });

  it('stops when its load is abandoned: undefined, no slice after that', async () => {
    const data = randomFloats(100, 5);
    let pauses = 0;
    let live = true;
    const r = await valueRangeInSlices(data, {
      pause: async () => {
        if (++pauses === 4) live = false;
      },
      keepGoing: () => live,
      sliceValues: 10,
    });
    expect(r).toBeUndefined();
    expect(pauses).toBe(4);
  });
});
