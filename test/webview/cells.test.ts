import { describe, expect, it } from 'vitest';
import { linearIndex, stepCell } from '../../webview/cells';

describe('play and step walk the output cells in C order', () => {
  it('starts at the first cell, steps both ways and wraps around', () => {
    const shape = [2, 3];
    expect(stepCell(shape, null, 1)).toEqual([0, 0]);
    expect(stepCell(shape, [0, 2], 1)).toEqual([1, 0]);
    expect(stepCell(shape, [1, 2], 1)).toEqual([0, 0]);
    expect(stepCell(shape, [0, 0], -1)).toEqual([1, 2]);
    expect(stepCell(shape, [1, 1], 'first')).toEqual([0, 0]);
  });

  it('a selection of another rank starts over; 3-D cells carry their depth first', () => {
    expect(stepCell([2, 2], [1], 1)).toEqual([0, 0]);
    expect(stepCell([2, 2, 2], [0, 1, 1], 1)).toEqual([1, 0, 0]);
    expect(linearIndex([1, 0, 1], [2, 2, 2])).toBe(5);
  });
});
