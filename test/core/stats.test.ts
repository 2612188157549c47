// valueStats (src/core/stats.ts): the SIMD pass gives the loop's min, max and NaN count to the
// bit (the sign of a zero included) and its sum to float64 rounding, at every length around the
// vector width and the pieces the array is copied in by; short, float64 and non-SIMD inputs run the loop.
import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels, wasmKernelsActive } from '../../src/core/kernels/wasm/index';
import { valueStats } from '../../src/core/stats';

function reference(data: ArrayLike<number>): { min: number; max: number; nans: number; sum: number } {
  let min = Infinity;
  let max = -Infinity;
  let nans = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) nans++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
  }
  return nans === data.length ? { min: NaN, max: NaN, nans, sum: 0 } : { min, max, nans, sum };
}

function seeded(n: number, seed: number, fill: (u: number, i: number) => number): Float32Array {
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = fill(s / 2 ** 32, i);
  }
  return x;
}

function expectLikeLoop(data: Float32Array | Float64Array, exactSum: boolean): void {
  const want = reference(data);
  const got = valueStats(data);
  expect(got.count).toBe(data.length);
  expect(Object.is(got.min, want.min), `min ${got.min} vs ${want.min}`).toBe(true);
  expect(Object.is(got.max, want.max), `max ${got.max} vs ${want.max}`).toBe(true);
  expect(got.nans).toBe(want.nans);
  if (exactSum || !Number.isFinite(want.sum)) expect(got.sum).toBe(want.sum);
  else expect(Math.abs(got.sum - want.sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.sum)) * Math.sqrt(data.length));
}

describe('valueStats', () => {
  afterEach(() => setWasmKernels(true));

  it('the SIMD kernels are there to test (WebAssembly SIMD in this Node)', () => {
    expect(wasmKernelsActive()).toBe(true);
  });

  // 2^14 is where the SIMD pass starts; 2^16 floats per piece copied into the module.
  const lengths = [0, 1, 3, 5, 1000, 16383, 16384, 16385, 16386, 16387, 65535, 65536, 65537, 65539, 200_003];
  for (const n of lengths) {
    for (const simd of [true, false]) {
      it(`n=${n} ${simd ? 'SIMD' : 'loop'}: random signed values with NaN, ±Infinity`, () => {
        setWasmKernels(simd);
        expectLikeLoop(
          seeded(n, 7 + n, (u) => (u < 0.01 ? NaN : u < 0.012 ? Infinity : u < 0.014 ? -Infinity : (u - 0.5) * 1e3)),
          false,
        );
        expectLikeLoop(
          seeded(n, 9 + n, (u) => (u < 0.02 ? NaN : (u - 0.3) * 7)),
          false,
        );
      });
      it(`n=${n} ${simd ? 'SIMD' : 'loop'}: float64 values with NaN, ±Infinity`, () => {
        setWasmKernels(simd);
        const x = new Float64Array(n);
        let s = 11 + n;
        for (let i = 0; i < n; i++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const u = s / 2 ** 32;
          x[i] = u < 0.01 ? NaN : u < 0.012 ? -Infinity : (u - 0.5) * Math.PI * 1e6 + i * 1e-9;
        }
        expectLikeLoop(x, false);
      });
      it(`n=${n} ${simd ? 'SIMD' : 'loop'}: whole numbers (image values) sum exactly`, () => {
        setWasmKernels(simd);
        expectLikeLoop(
          seeded(n, 3, (u) => Math.floor(u * 256)),
          true,
        );
      });
    }
  }

  it('every value NaN: min, max NaN, the count of NaN', () => {
    const got = valueStats(new Float32Array(70_001).fill(NaN));
    expect(got.min).toBeNaN();
    expect(got.max).toBeNaN();
    expect(got.nans).toBe(70_001);
  });

  it('±Infinity of both signs: the sum is NaN, min and max are the infinities', () => {
    const x = seeded(50_000, 1, (u) => u);
    x[10] = Infinity;
    x[40_000] = -Infinity;
    const got = valueStats(x);
    expect(got.min).toBe(-Infinity);
    expect(got.max).toBe(Infinity);
    expect(got.sum).toBeNaN();
  });

  it('a min or max of zero has the sign of the first zero, as the loop (lanes cannot tell)', () => {
    for (const firstNegative of [true, false]) {
      for (const at of [0, 5, 40_001, 49_999]) {
        // Non-negative values with zeros of both signs after the first: min is the first zero.
        const x = seeded(50_000, at, (u) => 1 + u);
        x[at] = firstNegative ? -0 : 0;
        for (let i = at + 1; i < x.length; i += 997) x[i] = firstNegative ? 0 : -0;
        expectLikeLoop(x, false);
        // Non-positive values: max is the first zero.
        const y = x.map((v) => (v === 0 ? v : -v));
        expectLikeLoop(y, false);
      }
    }
  });

  it("float64 zeros keep the first one's sign too; other arrays take the loop", () => {
    const x = Float64Array.from(seeded(40_000, 5, (u) => 1 + u));
    x[123] = -0;
    x[5000] = 0;
    expectLikeLoop(x, false);
    const ints = Int16Array.from({ length: 30_000 }, (_, i) => ((i * 37) % 1000) - 500);
    const got = valueStats(ints);
    expect([got.min, got.max, got.nans, got.sum]).toEqual([-500, 499, 0, ints.reduce((a, b) => a + b, 0)]);
    const plain = valueStats([3, NaN, -1, 2]);
    expect([plain.min, plain.max, plain.nans, plain.sum, plain.count]).toEqual([-1, 3, 1, 4, 4]);
  });
});
