import { describe, expect, it } from 'vitest';
import { colormapLut, unpackRgba } from '../../webview/colormap';
import { planeGeom, type PixelMode } from '../../webview/display';
import { OVERVIEW_SIDE, renderPatch, renderRaster, VALUES_MAX, type PlaneSource } from '../../webview/worker/raster';

const gray: PixelMode = { kind: 'colormap', name: 'gray', range: { lo: 0, hi: 7 } };

function source(data: Float32Array | Float64Array, spatial: number[], over: Partial<PlaneSource> = {}): PlaneSource {
  return { source: 'input', frame: 3, data, geom: planeGeom(spatial), depth: 0, mode: gray, valuePlane: 0, ...over };
}

describe('renderRaster (the worker’s whole-plane picture)', () => {
  it('colours one depth slice, one pixel per cell, and sends that slice’s values of the value plane', () => {
    const data = Float32Array.from({ length: 16 }, (_, i) => i % 8);
    // Two planes of [2, 2, 2]: depth 1 of plane 0 is 4..7; of plane 1 also 4..7.
    const r = renderRaster(source(data, [2, 2, 2], { depth: 1, valuePlane: 1 }));
    expect([r.rows, r.cols, r.step, r.frame, r.source]).toEqual([2, 2, 1, 3, 'input']);
    expect(r.pixels.length).toBe(4);
    expect(r.pixels[3]).toBe(colormapLut('gray')[255]);
    expect(Array.from(r.values!)).toEqual([4, 5, 6, 7]);
    // A copy: the worker keeps its array.
    expect(r.values!.buffer).not.toBe(data.buffer);
  });

  it('composes RGB from the first three planes', () => {
    // planes of a [3, 1, 2] block: R = [255, 0], G = [0, 255], B = [0, 0]
    const data = Float32Array.from([255, 0, 0, 255, 0, 0]);
    const r = renderRaster(source(data, [1, 2], { mode: { kind: 'rgb', range: { lo: 0, hi: 255 }, planes: 3 } }));
    expect(unpackRgba(r.pixels[0]!)).toEqual([255, 0, 0, 255]);
    expect(unpackRgba(r.pixels[1]!)).toEqual([0, 255, 0, 255]);
  });

  it('downsamples a plane over OVERVIEW_SIDE (the cell at each block’s corner) and sends no values when it is big', () => {
    const side = OVERVIEW_SIDE * 2 + 1;
    const data = new Float32Array(side * side);
    const r = renderRaster(source(data, [side, side]));
    expect(r.step).toBe(3);
    const w = Math.ceil(side / 3);
    expect(r.pixels.length).toBe(w * w);
    expect(side * side > VALUES_MAX).toBe(true);
    expect(r.values).toBeNull();
    // Cell (3, 3) is the corner of overview pixel (1, 1) at step 3.
    data[3 * side + 3] = 7;
    const again = renderRaster(source(data, [side, side]));
    expect(again.pixels[1 * w + 1]).toBe(colormapLut('gray')[255]);
    expect(again.pixels[0]).toBe(colormapLut('gray')[0]);
  });
});

describe('renderPatch (zoomed-in cells)', () => {
  it('renders a rectangle clamped to the plane, with values at step 1, none at a coarser step', () => {
    const data = Float64Array.from({ length: 100 }, (_, i) => i);
    const s = source(data, [10, 10], { mode: { kind: 'colormap', name: 'gray', range: { lo: 0, hi: 99 } } });
    const p = renderPatch(s, { source: 'input', frame: 3, r0: 8, c0: -2, rows: 5, cols: 4, step: 1 });
    expect([p.r0, p.c0, p.rows, p.cols]).toEqual([8, 0, 2, 4]);
    expect(Array.from(p.values!)).toEqual([80, 81, 82, 83, 90, 91, 92, 93]);
    const coarse = renderPatch(s, { source: 'input', frame: 3, r0: 0, c0: 0, rows: 10, cols: 10, step: 4 });
    expect(coarse.pixels.length).toBe(9);
    expect(coarse.values).toBeNull();
    expect(coarse.pixels[4]).toBe(colormapLut('gray')[Math.round((44 / 99) * 255)]);
  });
});
