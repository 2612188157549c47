import { describe, expect, it } from 'vitest';
import { ascii, embedded, expectValues, expected, fixture, readError, readOne } from './helpers';

const cases = expected<{ file: string; shape: number[]; values: (number | string)[] }>('text');

describe('CSV / TSV / TXT fixtures', () => {
  for (const c of cases) {
    it(`reads ${c.file}`, () => {
      for (const bytes of [fixture('text', c.file), embedded(fixture('text', c.file))]) {
        const a = readOne(bytes, c.file);
        expect(a.dtype).toBe('float64');
        expect(a.array.shape).toEqual(c.shape);
        expectValues(a.array.data, c.values, c.file);
      }
    });
  }
});

const csv = (text: string, name = 't.csv') => readOne(ascii(text), name);
const csvError = (text: string, name = 't.csv') => readError(() => readOne(ascii(text), name), name.slice(name.lastIndexOf('.') + 1)).message;

describe('table parsing rules', () => {
  it('sniffs the delimiter whatever the extension says', () => {
    expect(csv('1\t2\n3\t4\n').array.shape).toEqual([2, 2]);
    expect(csv('1;2;3\n4;5;6\n', 't.txt').array.shape).toEqual([2, 3]);
    expect(csv('1 2 3\n4 5 6\n', 't.tsv').array.shape).toEqual([2, 3]);
    expect(Array.from(csv('1,5;2\n3;4,25\n').array.data)).toEqual([1.5, 2, 3, 4.25]);
  });

  it('treats one row or one column as 1-D, like np.loadtxt', () => {
    expect(csv('1,2,3\n').array.shape).toEqual([3]);
    expect(csv('1\n2\n3\n').array.shape).toEqual([3]);
    expect(csv('7\n').array.shape).toEqual([1]);
    expect(csv('a,b\n1,2\n').array.shape).toEqual([2]);
  });

  it('accepts exponents, signs and leading dots', () => {
    expect(Array.from(csv('1e3,-2.5E-2,+.5,5.\n').array.data)).toEqual([1000, -0.025, 0.5, 5]);
  });

  it('skips comment lines and blank lines anywhere, keeping file line numbers in errors', () => {
    expect(csv('# note\n1,2\n\n3,4\n').array.shape).toEqual([2, 2]);
    expect(csvError('# note\n1,2\n\n3,x\n')).toBe('t.csv: row 4, column 2: "x" is not a number.');
  });

  it('reports ragged rows with the row and the expected count', () => {
    expect(csvError('1,2,3\n4,5\n')).toBe('t.csv: row 2 has 2 columns, expected 3 like row 1.');
    expect(csvError('h1,h2\n1,2\n3,4,5\n')).toBe('t.csv: row 3 has 3 columns, expected 2 like row 2.');
    expect(csvError('1\t2\n3\t4\t5\n', 't.tsv')).toMatch(/row 2 has 3 columns, expected 2/);
  });

  it('reports non-numbers with the 1-based row and column', () => {
    expect(csvError('1,2\n3,abc\n')).toBe('t.csv: row 2, column 2: "abc" is not a number.');
    expect(csvError('1 2\n3 0x10\n', 't.txt')).toBe('t.txt: row 2, column 2: "0x10" is not a number.');
    expect(csvError('1.5,x\n1,2\n')).toBe('t.csv: row 1, column 2: "x" is not a number.');
  });

  it('takes a first row with text as a header, also with integer labels', () => {
    expect(Array.from(csv('year,2020,2021\n1,2,3\n').array.data)).toEqual([1, 2, 3]);
  });

  it('refuses files without data', () => {
    expect(csvError('')).toBe('t.csv: the file holds no data rows.');
    expect(csvError('\n\n# only a comment\n')).toBe('t.csv: the file holds no data rows.');
    expect(csvError('a,b,c\n')).toBe('t.csv: only a header row (row 1), no data rows.');
  });

  it('refuses binary content and names it', () => {
    expect(readError(() => readOne(fixture('png', 'rgb8.png'), 'x.csv'), 'csv').message).toMatch(/x\.csv: not a text file: the content looks like a PNG image/);
    expect(readError(() => readOne(new Uint8Array([0x31, 0x2c, 0x00, 0x32]), 'x.txt'), 'txt').message).toMatch(/binary file, not text \(byte 2 is 0\)/);
  });

  it('applies maxBytes to the file and to the table', () => {
    expect(readError(() => readOne(ascii('1,2,3\n'), 'x.csv', { maxBytes: 4 }), 'csv').message).toMatch(/the file is 6 B, over the 4 B limit/);
    expect(readError(() => readOne(ascii('1,2,3\n4,5,6\n'), 'x.csv', { maxBytes: 40 }), 'csv').message).toMatch(
      /2×3 table needs 48 B in memory, over the 40 B limit/,
    );
  });

  it('does not take quoted delimiters as delimiters', () => {
    const a = csv('"a,b";"c"\n"1,5";"2"\n');
    expect(Array.from(a.array.data)).toEqual([1.5, 2]);
  });
});
