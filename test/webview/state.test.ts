import { describe, expect, it } from 'vitest';
import {
  applyConvention,
  applyHostParams,
  defaultUiState,
  effectiveStride,
  mergeParams,
  resizeParams,
  sanitizeUiState,
  toPoolOptions,
} from '../../webview/state';

const ctx = { shape: [2, 3, 8, 8], convention: 'pytorch' as const, colormap: 'auto', decimals: 3 };

describe('defaults and conventions', () => {
  it('start with 2x2 max pooling over the last two axes', () => {
    const s = defaultUiState(ctx);
    expect(s.params).toMatchObject({ spatialAxes: [2, 3], kind: 'window', mode: 'max', kernel: [2, 2], stride: null, padding: [0, 0], dilation: [1, 1] });
    expect(s.view).toMatchObject({ colormap: 'auto', decimals: 3, picture: false, indices: [0, 0, 0, 0] });
    expect(s.selection).toBeNull();
  });

  it('apply each framework\u2019s defaults', () => {
    const base = defaultUiState(ctx).params;
    const k = applyConvention({ ...base, kernel: [3, 3], ceilMode: true }, 'keras');
    expect(k).toMatchObject({ convention: 'keras', padding: 'valid', countIncludePad: false, ceilMode: false, stride: null, kernel: [3, 3] });
    expect(effectiveStride(k)).toEqual([3, 3]);
    const o = applyConvention(k, 'onnx');
    expect(o).toMatchObject({ padding: [0, 0], countIncludePad: false });
    expect(effectiveStride(o)).toEqual([1, 1]);
    const t = applyConvention(o, 'pytorch');
    expect(t.countIncludePad).toBe(true);
    expect(effectiveStride(t)).toEqual([3, 3]);
  });

  it('gives the core only the options a mode uses', () => {
    const p = { ...defaultUiState(ctx).params, divisorOverride: 3, p: 3 };
    expect(toPoolOptions(p)).toEqual({ mode: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false });
    expect(toPoolOptions({ ...p, mode: 'avg' })).toMatchObject({ countIncludePad: true, divisorOverride: 3 });
    expect(toPoolOptions({ ...p, mode: 'lp' })).toMatchObject({ p: 3 });
  });
});

describe('resizeParams', () => {
  it('keeps the trailing dims when the spatial count changes', () => {
    const p = { ...defaultUiState(ctx).params, kernel: [3, 4], stride: [1, 2], dilation: [1, 2] };
    const one = resizeParams(p, [3]);
    expect(one).toMatchObject({ spatialAxes: [3], kernel: [4], stride: [2], dilation: [2], padding: [0], outputSize: [null] });
    const three = resizeParams(p, [1, 2, 3]);
    expect(three).toMatchObject({ kernel: [2, 3, 4], stride: [1, 1, 2], dilation: [1, 1, 2] });
  });
});

describe('mergeParams', () => {
  const base = defaultUiState(ctx).params;
  it('takes well-typed values, including ones the core will reject', () => {
    const m = mergeParams(base, { mode: 'avg', kernel: [3, 0], stride: [0, 1], padding: 'same', ceilMode: true }, 4);
    expect(m).toMatchObject({ mode: 'avg', kernel: [3, 0], stride: [0, 1], padding: 'same', ceilMode: true });
  });

  it('ignores values of the wrong type or length', () => {
    const m = mergeParams(base, { mode: 'median', kernel: [3], stride: 'x', padding: [[1]], p: 'two', spatialAxes: [3, 2] }, 4);
    expect(m).toEqual(base);
  });

  it('resizes to new spatial axes before reading per-dim values', () => {
    const m = mergeParams(base, { spatialAxes: [1, 2, 3], kernel: [1, 2, 2] }, 4);
    expect(m.spatialAxes).toEqual([1, 2, 3]);
    expect(m.kernel).toEqual([1, 2, 2]);
  });
});

describe('sanitizeUiState', () => {
  const fallback = defaultUiState(ctx);
  it('returns the fallback for garbage or another version', () => {
    expect(sanitizeUiState(null, ctx.shape, fallback)).toBe(fallback);
    expect(sanitizeUiState({ version: 2 }, ctx.shape, fallback)).toBe(fallback);
  });

  it('restores a saved state and clamps it to the array now loaded', () => {
    const saved = {
      version: 1,
      params: { ...fallback.params, mode: 'avg', kernel: [3, 3] },
      view: {
        colormap: 'gray',
        decimals: 99,
        picture: false,
        indices: [5, 2, 0, 0],
        depth: 0,
        outDepth: 0,
        input: { scale: 4, cx: 2, cy: 3 },
        output: { scale: -1, cx: 0, cy: 0 },
      },
      selection: { grid: 'output', cell: [1, 2] },
    };
    const s = sanitizeUiState(saved, ctx.shape, fallback);
    expect(s.params.mode).toBe('avg');
    expect(s.params.kernel).toEqual([3, 3]);
    expect(s.view.colormap).toBe('gray');
    expect(s.view.decimals).toBe(8);
    expect(s.view.indices).toEqual([1, 2, 0, 0]);
    expect(s.view.input).toEqual({ scale: 4, cx: 2, cy: 3 });
    expect(s.view.output).toBeNull();
    expect(s.selection).toEqual({ grid: 'output', cell: [1, 2] });
  });

  it('keeps the Compare view open or closed; a state saved before it existed opens the grids', () => {
    expect(fallback.view.compare).toBe(false);
    expect(sanitizeUiState({ version: 1, view: { compare: true } }, ctx.shape, fallback).view.compare).toBe(true);
    expect(sanitizeUiState({ version: 1, view: { compare: 'yes' } }, ctx.shape, fallback).view.compare).toBe(false);
    expect(sanitizeUiState({ version: 1, view: {} }, ctx.shape, fallback).view.compare).toBe(false);
  });

  it('drops a selection of the wrong rank', () => {
    const s = sanitizeUiState({ version: 1, selection: { grid: 'input', cell: [1] } }, ctx.shape, fallback);
    expect(s.selection).toBeNull();
  });
});

describe('applyHostParams', () => {
  const base = defaultUiState(ctx).params;
  it('applies a new convention\u2019s defaults before the given values', () => {
    const p = applyHostParams(base, { convention: 'onnx', kernel: [3, 3] }, 4);
    expect(p).toMatchObject({ convention: 'onnx', kernel: [3, 3], countIncludePad: false, stride: null });
  });
  it('ignores an unknown convention and non-objects', () => {
    expect(applyHostParams(base, { convention: 'caffe', mode: 'avg' }, 4)).toMatchObject({ convention: 'pytorch', mode: 'avg' });
    expect(applyHostParams(base, 'x', 4)).toBe(base);
  });
});
