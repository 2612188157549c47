// Value generators that steer the WebAssembly kernels into each of their paths.
import fc from 'fast-check';

/**
 * Ordinary floats with no NaN and no −0: bands take the column-first max (cmax) and, for sums,
 * the in-order float64 kernels (and the exact separable ones for large windows).
 */
export const cleanValueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -(2 ** 24), max: 2 ** 24 }).map((v) => v / 2 ** 20) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }).map((v) => (v === 0 ? 0 : v)) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, 0) },
);

/** Whole numbers, −0 included: sums take the float32 column-first kernel (csum), which must start at +0. */
export const wholeValueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 1, arbitrary: fc.integer({ min: -300, max: 300 }) },
  { weight: 1, arbitrary: fc.constant(-0) },
);

/**
 * Fractions as float32 generators make them: [0, 1) with 24-bit fractions (torch.rand) and
 * signed ones, with ±0 (a window of −0 sums to +0): float32 partial sums round, float64 ones do not, so sums take the
 * column-first float64 kernel (fsum).
 */
export const fractionValueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 ** 24 - 1 }).map((v) => v / 2 ** 24) },
  { weight: 2, arbitrary: fc.integer({ min: -(2 ** 24), max: 2 ** 24 }).map((v) => v / 2 ** 23) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, 0.5) },
);

/** Mostly clean data with a few specials: NaN (exact-order max kernels), −0, ±inf, large values. */
export const sprinkledValueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: cleanValueArb },
  { weight: 1, arbitrary: fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 3e38, -3e38, 1e-40) },
);

/** n values from a small seeded generator (big arrays are cheaper to make this way than with fast-check). */
export function seededValues(n: number, seed: number, kind: 'clean' | 'whole' | 'specials' | 'wide' | 'unit'): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const r = next();
    if (kind === 'whole') out[i] = Math.floor(r * 256);
    else if (kind === 'unit')
      out[i] = Math.floor(r * 2 ** 24) / 2 ** 24; // torch.rand: [0, 1), 24-bit fractions
    else if (kind === 'clean') out[i] = r * 2 - 0.5;
    else if (kind === 'wide') out[i] = (r - 0.5) * 2 ** Math.floor(next() * 60 - 30);
    else out[i] = r < 0.002 ? NaN : r < 0.004 ? -0 : r < 0.006 ? -Infinity : r < 0.008 ? Infinity : r < 0.2 ? 0 : r * 4 - 2;
  }
  return out;
}
