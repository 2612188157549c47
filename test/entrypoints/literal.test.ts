import { describe, expect, it } from 'vitest';
import { findLiteral, parseLiteralAt } from '../../src/extension/literal/find';
import { shiftRange } from '../../src/extension/literal/range';

const edit = (rangeOffset: number, rangeLength: number, text: string) => ({ rangeOffset, rangeLength, text });

describe('shiftRange: a literal’s range through edits', () => {
  const r = { start: 10, end: 20 };
  it('edits before move it, after leave it', () => {
    expect(shiftRange(r, [edit(0, 0, 'abc')])).toEqual({ start: 13, end: 23 });
    expect(shiftRange(r, [edit(2, 5, '')])).toEqual({ start: 5, end: 15 });
    expect(shiftRange(r, [edit(25, 3, 'xxxxxxx')])).toEqual(r);
  });
  it('text inserted exactly at the start goes before it; exactly at the end stays outside', () => {
    expect(shiftRange(r, [edit(10, 0, '# ')])).toEqual({ start: 12, end: 22 });
    expect(shiftRange(r, [edit(20, 0, ', 5')])).toEqual(r);
  });
  it('edits inside grow or shrink it', () => {
    expect(shiftRange(r, [edit(15, 1, '400')])).toEqual({ start: 10, end: 22 });
    expect(shiftRange(r, [edit(12, 6, '')])).toEqual({ start: 10, end: 14 });
  });
  it('an edit across a boundary takes that boundary', () => {
    expect(shiftRange(r, [edit(8, 4, 'Z')])).toEqual({ start: 8, end: 17 });
    expect(shiftRange(r, [edit(18, 5, 'QQ')])).toEqual({ start: 10, end: 20 });
    expect(shiftRange(r, [edit(5, 30, 'None')])).toEqual({ start: 5, end: 9 });
  });
  it('several edits of one event (offsets in the old text, any order) add up', () => {
    const edits = [edit(15, 1, '40'), edit(0, 0, '# a comment\n')];
    expect(shiftRange(r, edits)).toEqual({ start: 22, end: 33 });
    expect(shiftRange(r, [...edits].reverse())).toEqual({ start: 22, end: 33 });
  });
});

describe('which literal Pool Selection opens', () => {
  const py = 'grid = np.array([[1, 2, 3, 4],\n                 [5, 6, 7, 8]])\nlabel = "x"\n';
  it('the cursor anywhere in it, or right after it, gives the outermost literal', () => {
    const at = py.indexOf('6');
    const whole = findLiteral(py, 'python', { start: at, end: at, active: at });
    expect(whole?.array.shape).toEqual([2, 4]);
    expect(py.slice(whole!.start, whole!.end)).toBe('np.array([[1, 2, 3, 4],\n                 [5, 6, 7, 8]])');
    const after = py.indexOf('\nlabel');
    expect(findLiteral(py, 'python', { start: after, end: after, active: after })?.array.shape).toEqual([2, 4]);
  });
  it('a selected row gives that row', () => {
    const start = py.indexOf('[5, 6');
    const end = py.indexOf(']', start) + 1;
    const row = findLiteral(py, 'python', { start, end, active: end });
    expect(row?.array.shape).toEqual([4]);
    expect(Array.from(row!.array.data)).toEqual([5, 6, 7, 8]);
    expect(row?.start).toBe(start);
  });
  it('a selection without a literal falls back to the cursor; no literal at all gives nothing', () => {
    const s = py.indexOf('grid');
    expect(findLiteral(py, 'python', { start: s, end: s + 4, active: py.indexOf('3') })?.array.shape).toEqual([2, 4]);
    const l = py.indexOf('label');
    expect(findLiteral(py, 'python', { start: l, end: l, active: l })).toBeUndefined();
  });
  it('parseLiteralAt reads just the range (offsets in the whole text)', () => {
    const ts = 'const a = [[1, 2], [3, 4]];';
    const start = ts.indexOf('[3');
    const found = parseLiteralAt(ts, { start, end: start + 6 }, 'typescript');
    expect(found).toMatchObject({ start, end: start + 6 });
    expect(Array.from(found!.array.data)).toEqual([3, 4]);
    expect(parseLiteralAt(ts, { start: 0, end: 5 }, 'typescript')).toBeUndefined();
    expect(parseLiteralAt(ts, { start: 3, end: 3 }, 'typescript')).toBeUndefined();
  });
});
