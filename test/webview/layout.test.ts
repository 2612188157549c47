import { describe, expect, it } from 'vitest';
import { channelAxisFor, detectLayout, extractBlock, isChannelsLast } from '../../webview/layout';

const iota = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

describe('detectLayout', () => {
  it('pools the last two axes by default', () => {
    expect(detectLayout([2, 3, 8, 8])).toEqual({ spatialAxes: [2, 3], channelAxis: 1 });
    expect(detectLayout([5, 5])).toEqual({ spatialAxes: [0, 1], channelAxis: null });
    expect(detectLayout([10])).toEqual({ spatialAxes: [0], channelAxis: null });
  });

  it('treats decoded images as [C, H, W]', () => {
    expect(detectLayout([3, 20, 30], { width: 30, height: 20, channels: 3 })).toEqual({ spatialAxes: [1, 2], channelAxis: 0 });
  });

  it('recognises channels-last arrays', () => {
    expect(detectLayout([32, 32, 3])).toEqual({ spatialAxes: [0, 1], channelAxis: 2 });
    expect(detectLayout([4, 64, 48, 1])).toEqual({ spatialAxes: [1, 2], channelAxis: null });
    // Too small to be an image: the last two axes.
    expect(detectLayout([4, 4, 3]).spatialAxes).toEqual([1, 2]);
  });

  it('finds channel axes and channels-last layouts', () => {
    expect(channelAxisFor([3, 5, 5], [1, 2])).toBe(0);
    expect(channelAxisFor([2, 5, 5], [1, 2])).toBeNull();
    expect(isChannelsLast([8, 8, 3], [0, 1])).toBe(true);
    expect(isChannelsLast([3, 8, 8], [1, 2])).toBe(false);
  });
});

describe('extractBlock', () => {
  it('returns a view for spatial-last layouts', () => {
    const data = iota(2 * 3 * 4);
    const b = extractBlock(data, [2, 3, 4], [1, 2], [1, 0, 0], null);
    expect(b.array.shape).toEqual([1, 3, 4]);
    expect(b.array.data.buffer).toBe(data.buffer);
    expect(Array.from(b.array.data)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
  });

  it('keeps the plane axis whole when it sits just before the spatial axes', () => {
    const data = iota(2 * 3 * 2 * 2);
    const b = extractBlock(data, [2, 3, 2, 2], [2, 3], [1, 0, 0, 0], 1);
    expect(b.planes).toBe(3);
    expect(b.array.shape).toEqual([3, 2, 2]);
    expect(b.array.data[0]).toBe(12);
  });

  it('gathers channels-last data into [C, H, W]', () => {
    // [H=2, W=3, C=2]: value = h*6 + w*2 + c
    const data = iota(12);
    const b = extractBlock(data, [2, 3, 2], [0, 1], [0, 0, 1], 2);
    expect(b.array.shape).toEqual([2, 2, 3]);
    expect(Array.from(b.array.data)).toEqual([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
    const one = extractBlock(data, [2, 3, 2], [0, 1], [0, 0, 1], null);
    expect(Array.from(one.array.data)).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('gathers a non-adjacent spatial pair', () => {
    // [A=2, B=3, C=2] pooling over A and C at B = 2
    const data = Float64Array.from({ length: 12 }, (_, i) => i);
    const b = extractBlock(data, [2, 3, 2], [0, 2], [0, 2, 0], null);
    expect(b.array.data).toBeInstanceOf(Float64Array);
    expect(Array.from(b.array.data)).toEqual([4, 5, 10, 11]);
  });

  it('clamps out-of-range indices', () => {
    const b = extractBlock(iota(8), [2, 2, 2], [1, 2], [9, 0, 0], null);
    expect(Array.from(b.array.data)).toEqual([4, 5, 6, 7]);
  });
});
