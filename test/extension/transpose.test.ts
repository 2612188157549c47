import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inversePermutation, isPermutation, squeeze, transpose } from '../../src/extension/panel/transpose';
import fixtures from './fixtures/transpose.json';

/** Index-by-index reference: out[i0..] = in[i_perm^-1 ...]. */
function reference(shape: number[], data: Float64Array, perm: number[]): { shape: number[]; data: number[] } {
  const outShape = perm.map((p) => shape[p]!);
  const n = shape.length;
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const total = data.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let at = 0;
    for (let k = n - 1; k >= 0; k--) {
      const i = rest % outShape[k]!;
      rest = Math.floor(rest / outShape[k]!);
      at += i * inStrides[perm[k]!]!;
    }
    out.push(data[at]!);
  }
  return { shape: outShape, data: out };
}

describe('transpose', () => {
  it.each(fixtures.cases)('matches numpy.transpose for shape $shape perm $perm', (c) => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const data = Float64Array.from({ length: size }, (_, i) => i);
    const t = transpose({ shape: c.shape, data }, c.perm);
    expect(t.shape).toEqual(c.outShape);
    expect(Array.from(t.data)).toEqual(c.out);
  });

  it('equals an index-by-index reference on random shapes and permutations, and round-trips', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 })
          .chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length }))),
        ([shape, perm]) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const data = Float64Array.from({ length: size }, (_, i) => i * 1.5 - 7);
          const t = transpose({ shape, data }, perm);
          const r = reference(shape, data, perm);
          expect(t.shape).toEqual(r.shape);
          expect(Array.from(t.data)).toEqual(r.data);
          const back = transpose(t, inversePermutation(perm));
          expect(back.shape).toEqual(shape);
          expect(Array.from(back.data)).toEqual(Array.from(data));
        },
      ),
    );
  });

  it('keeps float32 as float32 and returns the identity without copying', () => {
    const a = { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
    expect(transpose(a, [0, 1])).toBe(a);
    const t = transpose(a, [1, 0]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([1, 3, 2, 4]);
  });

  it('rejects what is not a permutation', () => {
    expect(isPermutation([0, 0], 2)).toBe(false);
    expect(isPermutation([0, 2], 2)).toBe(false);
    expect(isPermutation([1], 2)).toBe(false);
    expect(() => transpose({ shape: [2, 2], data: new Float64Array(4) }, [0, 0])).toThrow(/not a permutation/);
  });

  it('squeeze drops size-1 axes', () => {
    expect(squeeze({ shape: [1, 3, 1, 2], data: new Float64Array(6) }).shape).toEqual([3, 2]);
    expect(squeeze({ shape: [1, 1], data: new Float64Array(1) }).shape).toEqual([1]);
  });
});
