import { describe, expect, it } from 'vitest';
import { explain, findWinner } from '../../webview/arithmetic';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('explain', () => {
  it('writes max as the issue shows it', () => {
    const e = explain({ mode: 'max', values: f32([6, 7, 11, 12]), output: 12, decimals: 3 });
    expect(e.text).toBe('max(6, 7, 11, 12) = 12');
    expect(e.winner).toBe(3);
    expect(e.computed).toBe(12);
    expect(e.note).toBe('');
  });

  it('writes an average as (a+b+c+d)/n', () => {
    const e = explain({ mode: 'avg', values: f32([1, 2, 6, 7]), output: 4, decimals: 3, divisor: 4, divisorRule: 'include-pad' });
    expect(e.text).toBe('(1+2+6+7)/4 = 4');
    expect(e.computed).toBe(4);
  });

  it('shows padding as zeros with count_include_pad and drops it without', () => {
    const values = f32([0, 0, 1, 2]);
    const padded = Uint8Array.from([1, 1, 0, 0]);
    const inc = explain({ mode: 'avg', values, padded, output: 0.75, decimals: 3, divisor: 4, divisorRule: 'include-pad' });
    expect(inc.text).toBe('(0+0+1+2)/4 = 0.75');
    expect(inc.note).toContain('2 padding cells count as 0');
    const exc = explain({ mode: 'avg', values, padded, output: 1.5, decimals: 3, divisor: 2, divisorRule: 'exclude-pad' });
    expect(exc.text).toBe('(1+2)/2 = 1.5');
    expect(exc.computed).toBe(1.5);
    expect(exc.note).toContain('not counted');
  });

  it('names divisor_override', () => {
    const e = explain({ mode: 'avg', values: f32([1, 2, 6, 7]), output: 16 / 3, decimals: 3, divisor: 3, divisorRule: 'override' });
    expect(e.text).toBe('(1+2+6+7)/3 = 5.333');
    expect(e.note).toBe('divisor_override = 3.');
  });

  it('ignores padding in max and says so', () => {
    const e = explain({ mode: 'max', values: f32([0, 5, 0, 3]), padded: Uint8Array.from([1, 0, 1, 0]), output: 5, decimals: 3 });
    expect(e.text).toBe('max(5, 3) = 5');
    expect(e.winner).toBe(1);
    expect(e.note).toContain('2 padding cells are ignored');
  });

  it('handles a window entirely in padding', () => {
    const e = explain({ mode: 'max', values: f32([0, 0]), padded: Uint8Array.from([1, 1]), output: -Infinity, decimals: 3 });
    expect(e.text).toBe('max() = \u2212\u221e');
    expect(e.winner).toBeNull();
    expect(e.note).toContain('entirely in the padding');
  });

  it('writes negative terms with a minus sign', () => {
    const e = explain({ mode: 'sum', values: f32([1, -2, 3.5]), output: 2.5, decimals: 2 });
    expect(e.text).toBe('1\u22122+3.5 = 2.5');
    expect(e.computed).toBe(2.5);
  });

  it('writes Lp with powers and the root', () => {
    const e = explain({ mode: 'lp', values: f32([3, 4]), output: 5, decimals: 3, p: 2 });
    expect(e.text).toBe('(3^2+4^2)^(1/2) = 5');
    expect(e.computed).toBeCloseTo(5, 12);
  });

  it('scales a ceil-mode Lp window cut at the edge as nn.LPPool does', () => {
    const e = explain({ mode: 'lp', values: f32([5]), output: 10, decimals: 3, p: 1, lpScale: { kernel: 2, cells: 1 } });
    expect(e.text).toBe('((5^1)\u00b72/1)^(1/1) = 10');
    expect(e.computed).toBe(10);
  });

  it('gives p = inf as the largest magnitude', () => {
    const e = explain({ mode: 'lp', values: f32([-7, 3]), output: 7, decimals: 3, p: Infinity });
    expect(e.text).toBe('max(|\u22127|, |3|) = 7');
    expect(e.winner).toBe(0);
  });

  it('elides the middle of long windows and still recomputes exactly', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    const e = explain({ mode: 'sum', values, output: 500500, decimals: 0, maxTerms: 8 });
    expect(e.text).toBe('1+2+3+4+5+\u2026 993 more \u2026+999+1000 = 500500');
    expect(e.computed).toBe(500500);
  });

  it('prints what the core produced, not its own recomputation', () => {
    const e = explain({ mode: 'avg', values: f32([1, 2]), output: 1.5000001, decimals: 7, divisor: 2, divisorRule: 'include-pad' });
    expect(e.text.endsWith('= 1.5000001')).toBe(true);
    expect(e.computed).toBe(1.5);
  });
});

describe('findWinner', () => {
  it('lets NaN win, the last NaN when there are several', () => {
    expect(findWinner([NaN, 5, 3, NaN, NaN], null, 'max')).toBe(4);
    expect(findWinner([1, NaN, 9], null, 'max')).toBe(1);
  });

  it('gives ties to the first cell', () => {
    expect(findWinner([4, 7, 7, 2], null, 'max')).toBe(1);
    expect(findWinner([4, 1, 1, 2], null, 'min')).toBe(1);
  });

  it('returns the first in-bounds cell when everything is -inf', () => {
    expect(findWinner([0, -Infinity, -Infinity], [1, 0, 0], 'max')).toBe(1);
  });
});
