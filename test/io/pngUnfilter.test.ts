// unfilter (src/io/pngPixels.ts) against the PNG specification's filters written plainly
// (section 9: Sub, Up, Average, Paeth with its tie order a, b, c), on random rows of every
// bytes-per-pixel a PNG can have, with and without a previous row, and rows shorter than a pixel.
import { describe, expect, it } from 'vitest';
import { unfilter } from '../../src/io/pngPixels';

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The specification's reconstruction, byte by byte. */
function reference(raw: Uint8Array, filter: number, start: number, prev: number, n: number, bpp: number): void {
  for (let i = 0; i < n; i++) {
    const x = start + i;
    const a = i >= bpp ? raw[x - bpp]! : 0;
    const b = prev >= 0 ? raw[prev + i]! : 0;
    const c = i >= bpp && prev >= 0 ? raw[prev + i - bpp]! : 0;
    const pred = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
    raw[x] = (raw[x]! + pred) & 0xff;
  }
}

function random(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // Runs of equal bytes too, where Paeth's ties decide.
    out[i] = s % 5 === 0 ? 128 : s >>> 24;
  }
  return out;
}

describe('PNG unfilter', () => {
  for (const filter of [0, 1, 2, 3, 4]) {
    for (const bpp of [1, 2, 3, 4, 6, 8]) {
      it(`filter ${filter}, ${bpp} byte(s) per pixel: the specification's bytes`, () => {
        for (const n of [1, bpp - 1, bpp, bpp + 1, 7 * bpp + 3, 301].filter((v) => v > 0)) {
          for (const withPrev of [false, true]) {
            const base = random(2 * n + 5, filter * 1000 + bpp * 10 + n);
            const got = base.slice();
            const want = base.slice();
            // Previous row at 2, this row at 2 + n + 1 (a gap like the filter byte).
            const prev = withPrev ? 2 : -1;
            const start = 3 + n;
            unfilter(got, filter, start, prev, n, bpp);
            reference(want, filter, start, prev, n, bpp);
            expect(Array.from(got), `n=${n} prev=${withPrev}`).toEqual(Array.from(want));
          }
        }
      });
    }
  }
});
