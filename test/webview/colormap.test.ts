import { describe, expect, it } from 'vitest';
import { autoColormap, colormapLut, displayRange, inkFor, lutIndex, relativeLuminance, renderRgb, renderScalar, unpackRgba } from '../../webview/colormap';

describe('colormaps', () => {
  it('have 256 opaque entries running from dark to light (gray, viridis)', () => {
    for (const name of ['gray', 'viridis'] as const) {
      const lut = colormapLut(name);
      expect(lut.length).toBe(256);
      const lum = (i: number) => {
        const [r, g, b, a] = unpackRgba(lut[i]!);
        expect(a).toBe(255);
        return 0.299 * r + 0.587 * g + 0.114 * b;
      };
      expect(lum(0)).toBeLessThan(lum(128));
      expect(lum(128)).toBeLessThan(lum(255));
    }
  });

  it('matches matplotlib\u2019s viridis within 4/255', () => {
    const lut = colormapLut('viridis');
    const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]!) <= 4);
    expect(near(unpackRgba(lut[0]!).slice(0, 3), [68, 1, 84])).toBe(true);
    expect(near(unpackRgba(lut[128]!).slice(0, 3), [33, 145, 140])).toBe(true);
    expect(near(unpackRgba(lut[255]!).slice(0, 3), [253, 231, 37])).toBe(true);
  });

  it('puts the diverging map\u2019s white at zero, blue below, red above', () => {
    const lut = colormapLut('diverging');
    const range = displayRange('diverging', -3, 10);
    expect(range).toEqual({ lo: -10, hi: 10 });
    const [r0, g0, b0] = unpackRgba(lut[lutIndex(0, range)]!);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(235);
    const [rn, , bn] = unpackRgba(lut[lutIndex(-10, range)]!);
    expect(bn).toBeGreaterThan(rn);
    const [rp, , bp] = unpackRgba(lut[lutIndex(10, range)]!);
    expect(rp).toBeGreaterThan(bp);
  });

  it('chooses diverging only for signed data', () => {
    expect(autoColormap(-1, 2)).toBe('diverging');
    expect(autoColormap(0, 2)).toBe('viridis');
  });

  it('gives a constant array a range of its own', () => {
    expect(displayRange('gray', 3, 3)).toEqual({ lo: 2.5, hi: 3.5 });
  });
});

describe('rendering', () => {
  it('maps values through the LUT, NaN to transparent, infinities to the ends', () => {
    const lut = colormapLut('gray');
    const out = new Uint32Array(5);
    renderScalar([0, 10, NaN, Infinity, -Infinity], out, lut, { lo: 0, hi: 10 });
    expect(out[0]).toBe(lut[0]);
    expect(out[1]).toBe(lut[255]);
    expect(out[2]).toBe(0);
    expect(out[3]).toBe(lut[255]);
    expect(out[4]).toBe(lut[0]);
  });

  it('composes RGB from three planes', () => {
    const out = new Uint32Array(2);
    renderRgb([255, 0], [0, 128], [0, 255], out, { lo: 0, hi: 255 });
    expect(unpackRgba(out[0]!)).toEqual([255, 0, 0, 255]);
    expect(unpackRgba(out[1]!)).toEqual([0, 128, 255, 255]);
  });
});

describe('values printed on cells', () => {
  it('are black or white with a WCAG contrast of at least 4.5:1 on every colour of every colormap', () => {
    const ratio = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    let worst = Infinity;
    const check = (r: number, g: number, b: number) => {
      const ink = inkFor(r, g, b) === '#000000' ? 0 : 1;
      worst = Math.min(worst, ratio(ink, relativeLuminance(r, g, b)));
    };
    for (const name of ['gray', 'viridis', 'diverging'] as const)
      for (const c of colormapLut(name)) check(...(unpackRgba(c).slice(0, 3) as [number, number, number]));
    for (let r = 0; r < 256; r += 5) for (let g = 0; g < 256; g += 5) for (let b = 0; b < 256; b += 5) check(r, g, b);
    expect(worst).toBeGreaterThanOrEqual(4.5);
    // Mid green is where a brightness threshold picked white (about 2.4:1).
    expect(inkFor(0, 160, 0)).toBe('#000000');
  });
});
