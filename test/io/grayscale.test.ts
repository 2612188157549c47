import { describe, expect, it } from 'vitest';
import type { NDArray } from '../../src/core/types';
import { toGrayscale, WriteError } from '../../src/io';
import { expectValues, expected, fixture, readOne } from './helpers';

interface GrayCase {
  file: string;
  dtype: string;
  shape: number[];
  values: number[];
}
const cases = expected<GrayCase>('gray');

describe('toGrayscale matches OpenCV cvtColor(…, COLOR_RGB2GRAY)', () => {
  for (const c of cases) {
    const folder = c.file.endsWith('.npy') ? 'npy' : 'png';
    if (c.dtype === 'float32') {
      it(`${c.file}: float32 image within one float32 step of OpenCV`, () => {
        const image = readOne(fixture(folder, c.file), c.file);
        const gray = toGrayscale(image.array, { dtype: image.dtype });
        expect(gray.shape).toEqual(c.shape);
        for (let i = 0; i < c.values.length; i++) {
          const want = c.values[i]!;
          expect(Math.abs(gray.data[i]! - want), `pixel ${i}`).toBeLessThanOrEqual(2 ** -23 * Math.abs(want) * 2);
        }
      });
    } else {
      it(`${c.file}: ${c.dtype} image bit-exact, with the dtype given or inferred`, () => {
        const image = readOne(fixture(folder, c.file), c.file);
        expect(image.dtype).toBe(c.dtype);
        for (const gray of [toGrayscale(image.array, { dtype: image.dtype }), toGrayscale(image.array)]) {
          expect(gray.shape).toEqual(c.shape);
          expect(gray.data).toBeInstanceOf(Float32Array);
          expectValues(gray.data, c.values, c.file);
        }
      });
    }
  }

  it('covers RGB and RGBA, 8 and 16 bits', () => {
    const files = cases.map((c) => c.file);
    for (const f of ['rgb8.png', 'rgba8.png', 'rgb16.png', 'rgba16.png', 'magick_rgb16.png']) expect(files).toContain(f);
  });
});

describe('toGrayscale shapes', () => {
  const plane = (v: number[]): Float32Array => new Float32Array(v);

  it('returns gray input unchanged', () => {
    const hw: NDArray = { shape: [2, 2], data: plane([1, 2, 3, 4]) };
    const chw: NDArray = { shape: [1, 2, 2], data: plane([1, 2, 3, 4]) };
    expect(toGrayscale(hw)).toBe(hw);
    expect(toGrayscale(chw)).toBe(chw);
  });

  it('takes the gray channel of gray+alpha and ignores alpha of RGBA', () => {
    expect(Array.from(toGrayscale({ shape: [2, 1, 2], data: plane([10, 20, 255, 0]) }).data)).toEqual([10, 20]);
    const rgba = toGrayscale({ shape: [4, 1, 1], data: plane([200, 100, 50, 0]) });
    const rgb = toGrayscale({ shape: [3, 1, 1], data: plane([200, 100, 50]) });
    expect(rgba.shape).toEqual([1, 1, 1]);
    expect(Array.from(rgba.data)).toEqual(Array.from(rgb.data));
    // (9798·200 + 19235·100 + 3735·50 + 2^14) >> 15 = 124, as cv2 gives
    expect(Array.from(rgb.data)).toEqual([124]);
  });

  it('uses float weights for float dtypes even when values are whole numbers', () => {
    const g = toGrayscale({ shape: [3, 1, 1], data: plane([200, 100, 50]) }, { dtype: 'float32' });
    expect(g.data[0]).toBeCloseTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 4);
    expect(Number.isInteger(g.data[0])).toBe(false);
  });

  it('refuses shapes that are not images', () => {
    expect(() => toGrayscale({ shape: [5, 2, 2], data: new Float32Array(20) })).toThrow(WriteError);
    expect(() => toGrayscale({ shape: [8], data: new Float32Array(8) })).toThrow(/\[C, H, W\] with C = 1\.\.4/);
  });
});
