import { describe, expect, it } from 'vitest';
import { fromSpatial, pictureRange, planeGeom, sliceOffset, toSpatial } from '../../webview/display';

const stats = (min: number, max: number) => ({ count: 2, min, max, mean: (min + max) / 2, nans: 0 });

describe('grid geometry', () => {
  it('maps 1-, 2- and 3-D blocks onto rows and columns', () => {
    expect(planeGeom([7])).toEqual({ rows: 1, cols: 7, depthCount: 1, planeSize: 7 });
    expect(planeGeom([3, 4])).toEqual({ rows: 3, cols: 4, depthCount: 1, planeSize: 12 });
    const g = planeGeom([2, 3, 4]);
    expect(g).toEqual({ rows: 3, cols: 4, depthCount: 2, planeSize: 24 });
    expect(sliceOffset(g, 1, 1)).toBe(24 + 12);
    expect(toSpatial(3, 1, 2, 3)).toEqual([1, 2, 3]);
    expect(fromSpatial([1, 2, 3])).toEqual({ r: 2, c: 3, depth: 1 });
    expect(fromSpatial([5])).toEqual({ r: 0, c: 5, depth: 0 });
  });
});

describe('pictureRange', () => {
  it('uses an image\u2019s full scale, or the data\u2019s own range for other arrays', () => {
    expect(pictureRange(stats(11, 250), 8)).toEqual({ lo: 0, hi: 255 });
    expect(pictureRange(stats(0, 1000), 16)).toEqual({ lo: 0, hi: 65535 });
    expect(pictureRange(stats(0, 0.9), 8)).toEqual({ lo: 0, hi: 255 });
    expect(pictureRange(stats(0, 300), 8)).toEqual({ lo: 0, hi: 65535 });
    expect(pictureRange(stats(255, 255), 8)).toEqual({ lo: 0, hi: 255 });
    expect(pictureRange(stats(1, 768))).toEqual({ lo: 1, hi: 768 });
    expect(pictureRange(stats(-1, 1), 8)).toEqual({ lo: -1, hi: 1 });
  });
});
