import { describe, expect, it } from 'vitest';
import { BEYOND, CELL, PAD, type Geometry } from '../../webview/linking';
import { describeWindow, fedToHighlight, inputCellInfo, outputCellInfo, spansToHighlight, toRuns, winnerOnGrid } from '../../webview/overlays';
import { defaultParams } from '../../webview/state';

const g5: Geometry = {
  kind: 'window',
  inShape: [5, 5],
  outShape: [3, 3],
  kernel: [3, 3],
  stride: [2, 2],
  dilation: [1, 1],
  padBefore: [1, 1],
  padAfter: [1, 1],
};
const plane = Float32Array.from({ length: 25 }, (_, i) => i + 1);

describe('overlays', () => {
  it('merges positions into runs of one kind', () => {
    expect(toRuns([-1, 0, 1], [PAD, CELL, CELL])).toEqual([
      { start: -1, end: 0, kind: PAD },
      { start: 0, end: 2, kind: CELL },
    ]);
    expect(toRuns([0, 2, 4])).toHaveLength(3);
    expect(toRuns([5, 6, 7, 8], [CELL, PAD, BEYOND, BEYOND])).toHaveLength(3);
  });

  it('describes windows with padding and dilation', () => {
    const info = outputCellInfo(g5, { ...defaultParams([0, 1], 'pytorch'), kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, [0, 1], plane, 9, 3);
    expect(info.explanation.text).toBe('max(2, 3, 4, 7, 8, 9) = 9');
    expect(describeWindow(info.spans)).toBe('Window: rows 0\u20131 + 1 padding \u00d7 cols 1\u20133.');
    expect(info.winner).toEqual([1, 3]);
    expect(winnerOnGrid(info.winner, 0)).toEqual({ r: 1, c: 3 });
    const hl = spansToHighlight(info.spans, 0, null);
    expect(hl.rows).toEqual([
      { start: -1, end: 0, kind: PAD },
      { start: 0, end: 2, kind: CELL },
    ]);
    expect(hl.faint).toBe(false);
  });

  it('marks a 3-D window faint on a depth slice it does not reach', () => {
    const g: Geometry = {
      kind: 'window',
      inShape: [4, 2, 2],
      outShape: [2, 1, 1],
      kernel: [2, 2, 2],
      stride: [2, 2, 2],
      dilation: [1, 1, 1],
      padBefore: [0, 0, 0],
      padAfter: [0, 0, 0],
    };
    const p = { ...defaultParams([0, 1, 2], 'pytorch') };
    const info = outputCellInfo(
      g,
      p,
      [1, 0, 0],
      Float32Array.from({ length: 16 }, (_, i) => i),
      15,
      3,
    );
    expect(spansToHighlight(info.spans, 0, null).faint).toBe(true);
    expect(spansToHighlight(info.spans, 3, null).faint).toBe(false);
    expect(winnerOnGrid(info.winner, 0)).toBeNull();
    expect(describeWindow(info.spans)).toBe('Window: depth 2\u20133 \u00d7 rows 0\u20131 \u00d7 cols 0\u20131.');
  });

  it('lists the outputs an input feeds', () => {
    expect(inputCellInfo(g5, [2, 2], 13, 3, '').math).toBe('feeds output [1, 1]');
    const info = inputCellInfo(g5, [1, 1], 7, 3, '');
    expect(info.head).toBe('Input [1, 1] = 7');
    expect(info.math).toBe('feeds 4 outputs: [0, 0], [0, 1], [1, 0], [1, 1]');
    expect(fedToHighlight(info.fed, 0).rows).toEqual([{ start: 0, end: 2, kind: CELL }]);
    const none: Geometry = { ...g5, kernel: [1, 1], stride: [3, 3], padBefore: [0, 0], padAfter: [0, 0], outShape: [2, 2] };
    expect(inputCellInfo(none, [1, 1], 7, 3, '').math).toBe('feeds no output');
  });
});
