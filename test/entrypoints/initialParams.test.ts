import { describe, expect, it } from 'vitest';
import { defaultSpatialDims, initialFromDefaults, initialFromHover } from '../../src/extension/panel/initialParams';
import { DEFAULT_HOVER_SETTINGS } from '../../src/extension/hover/settings';
import { detectLayout } from '../../webview/layout';

describe('initial parameters from poolingLens.defaults.*', () => {
  it('nothing set: nothing sent (the convention decides)', () => {
    expect(initialFromDefaults({}, [5, 5])).toEqual({ initial: undefined, problems: [] });
  });

  it('the shipped defaults send mode and kernel only (padding 0 and stride null are the conventions’ own)', () => {
    expect(initialFromDefaults({ mode: 'max', kernel: 2, stride: null, padding: 0 }, [5, 5]).initial).toEqual({ mode: 'max', kernel: [2, 2] });
  });

  it('numbers fill every pooled dimension: 1 for a 1-D array, 2 otherwise', () => {
    expect(initialFromDefaults({ kernel: 3, stride: 1, padding: 1 }, [10]).initial).toEqual({ kernel: [3], stride: [1], padding: [1] });
    expect(initialFromDefaults({ kernel: 3, stride: 1, padding: 1 }, [2, 3, 8, 8]).initial).toEqual({ kernel: [3, 3], stride: [1, 1], padding: [1, 1] });
  });

  it('a list per dimension is kept; one of three pools the last three axes', () => {
    expect(initialFromDefaults({ kernel: [3, 2] }, [6, 6]).initial).toEqual({ kernel: [3, 2] });
    expect(initialFromDefaults({ kernel: [2, 2, 2], stride: 1 }, [1, 4, 4, 4]).initial).toEqual({
      spatialAxes: [1, 2, 3],
      kernel: [2, 2, 2],
      stride: [1, 1, 1],
    });
  });

  it('what does not fit is left out and named', () => {
    const r = initialFromDefaults({ mode: 'median', kernel: [2, 2], stride: 'two', padding: -1 }, [10]);
    expect(r.initial).toBeUndefined();
    expect(r.problems).toHaveLength(4);
    expect(r.problems[0]).toMatch(/^mode: 'median' is not one of max, min, avg, sum, lp/);
    expect(r.problems.join('\n')).toMatch(/stride: "two" is not an integer/);
    expect(r.problems.join('\n')).toMatch(/padding: -1 is not an integer ≥ 0/);
    expect(r.problems.join('\n')).toMatch(/kernel: 2 values do not fit an array pooled over 1 dimension \(shape \[10\]\)/);
  });

  it('the host’s count of spatial dims is the webview’s first guess for every rank and kind of array', () => {
    for (const shape of [[7], [4, 4], [3, 8, 8], [8, 8, 3], [2, 3, 16, 16], [2, 16, 16, 4], [1, 1, 1, 5, 5]]) {
      expect(defaultSpatialDims(shape), String(shape)).toBe(detectLayout(shape).spatialAxes.length);
    }
    expect(defaultSpatialDims([3, 20, 30])).toBe(detectLayout([3, 20, 30], { width: 30, height: 20, channels: 3 }).spatialAxes.length);
  });
});

describe('initial parameters of a literal opened from the hover', () => {
  it('are the hover’s: last two axes (or the only one), PyTorch', () => {
    const s = { ...DEFAULT_HOVER_SETTINGS, mode: 'avg' as const, kernel: 3, stride: 1, padding: 1 };
    expect(initialFromHover(s, [4, 4])).toEqual({ convention: 'pytorch', spatialAxes: [0, 1], mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] });
    expect(initialFromHover(s, [8])).toMatchObject({ spatialAxes: [0], kernel: [3] });
    // A channels-last-looking literal is still pooled over its last two axes, as the hover did.
    expect(initialFromHover(s, [8, 8, 3]).spatialAxes).toEqual([1, 2]);
  });
});
