import { describe, expect, it } from 'vitest';
import { formatIndex, formatNumber, formatShape } from '../../webview/format';

describe('formatNumber', () => {
  it('prints integers as integers and trims fractions', () => {
    expect(formatNumber(12, 3)).toBe('12');
    expect(formatNumber(0.75, 3)).toBe('0.75');
    expect(formatNumber(16 / 3, 3)).toBe('5.333');
    expect(formatNumber(2.5, 0)).toBe('3');
  });

  it('uses the typographic minus and no sign for values that round to zero', () => {
    expect(formatNumber(-2, 3)).toBe('\u22122');
    expect(formatNumber(-0, 3)).toBe('0');
    expect(formatNumber(-0.0001, 2)).toBe('\u22121e-4');
  });

  it('prints special values', () => {
    expect(formatNumber(NaN, 3)).toBe('NaN');
    expect(formatNumber(Infinity, 3)).toBe('\u221e');
    expect(formatNumber(-Infinity, 3)).toBe('\u2212\u221e');
  });

  it('switches to scientific notation for very large and very small magnitudes', () => {
    expect(formatNumber(1.5e12, 3)).toBe('1500000000000');
    expect(formatNumber(1.5e15, 3)).toBe('1.5e15');
    expect(formatNumber(2.5e9 + 0.5, 3)).toBe('2.5e9');
    expect(formatNumber(1.25e-7, 3)).toBe('1.25e-7');
    expect(formatNumber(123456.789, 2)).toBe('123456.79');
  });
});

describe('shapes and indices', () => {
  it('formats them', () => {
    expect(formatShape([5, 5])).toBe('5 \u00d7 5');
    expect(formatShape([])).toBe('scalar');
    expect(formatIndex([0, 1])).toBe('[0, 1]');
  });
});
