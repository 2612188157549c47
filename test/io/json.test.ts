import { describe, expect, it } from 'vitest';
import { ascii, embedded, expectValues, expected, fixture, read, readError } from './helpers';

interface JsonCase {
  file: string;
  arrays: { name: string; shape: number[]; values: (number | string)[] }[];
}
const cases = expected<JsonCase>('json');

describe('JSON fixtures written by Python json', () => {
  for (const c of cases) {
    it(`reads ${c.file}`, () => {
      for (const bytes of [fixture('json', c.file), embedded(fixture('json', c.file))]) {
        const arrays = read(bytes, c.file);
        expect(arrays.map((a) => a.name)).toEqual(c.arrays.map((a) => a.name));
        for (const [i, want] of c.arrays.entries()) {
          expect(arrays[i]!.dtype).toBe('float64');
          expect(arrays[i]!.array.shape).toEqual(want.shape);
          expectValues(arrays[i]!.array.data, want.values, `${c.file} ${want.name}`);
        }
      }
    });
  }
});

const json = (text: string) => read(ascii(text), 'a.json');
const jsonError = (text: string, maxBytes?: number) =>
  readError(() => read(ascii(text), 'a.json', maxBytes === undefined ? undefined : { maxBytes }), 'json').message;

describe('JSON rules and errors', () => {
  it('gives the JSON path of the first ragged element', () => {
    expect(jsonError('[[1, 2], [3, 4], [5]]')).toBe('a.json: ragged at $[2]: 1 element, expected 2 (like $[0]).');
    expect(jsonError('[[[1, 2], [3, 4]], [[5, 6], [7, 8, 9]]]')).toBe('a.json: ragged at $[1][1]: 3 elements, expected 2 (like $[0][0]).');
    expect(jsonError('[[1, 2], 3]')).toBe('a.json: ragged at $[1]: found 3, expected an array of 2 (like $[0]).');
    expect(jsonError('[1, [2]]')).toMatch(/^a\.json: ragged at \$\[1\]: found an array where a number was expected/);
    expect(jsonError('{"shape": [2], "data": [[1, 2], [3]]}')).toBe('a.json: ragged at $.data[1]: 1 element, expected 2 (like $.data[0]).');
  });

  it('gives the path of a non-number', () => {
    expect(jsonError('[[1, "2"]]')).toBe('a.json: at $[0][1]: expected a number, found the string "2".');
    expect(jsonError('{"w": [1, {}]}')).toBe('a.json: at $.w[1]: expected a number, found an object.');
    expect(jsonError('{"my key": ["x"]}')).toBe('a.json: at $["my key"][0]: expected a number, found the string "x".');
    expect(jsonError('"text"')).toBe('a.json: at $: expected a number, found the string "text".');
  });

  it('checks {shape, data} against each other', () => {
    expect(jsonError('{"shape": [2, 2], "data": [1, 2, 3]}')).toBe('a.json: at $.data: 3 values, but shape [2, 2] needs 4.');
    expect(jsonError('{"shape": [3, 2], "data": [[1, 2], [3, 4]]}')).toBe('a.json: at $.data: nested data has shape [2, 2], but "shape" says [3, 2].');
    expect(jsonError('{"shape": [-1], "data": []}')).toMatch(/at \$\.shape: "shape" must be a list of non-negative integers, found \[-1\]/);
    expect(jsonError('{"shape": "2x2", "data": []}')).toMatch(/found "2x2"/);
  });

  it('refuses other objects, with their keys', () => {
    expect(jsonError('{}')).toMatch(/the top-level object is empty/);
    expect(jsonError('{"a": {"b": 1}}')).toBe('a.json: at $.a: expected an array or {"shape": [...], "data": [...]}, found an object with keys "b".');
  });

  it('reports invalid JSON with the parser message', () => {
    expect(jsonError('[1, 2')).toMatch(/^a\.json: not valid JSON: .+/);
    expect(jsonError('[NaNa]')).toMatch(/not valid JSON/);
  });

  it('accepts NaN/Infinity only outside strings', () => {
    const [a] = json('{"data": [NaN, -Infinity, Infinity], "note": "NaN \\"Infinity\\""}');
    expectValues(a!.array.data, ['nan', '-inf', 'inf'], 'tokens');
  });

  it('refuses nesting deeper than 64 levels without overflowing the stack', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    expect(jsonError(deep)).toMatch(/nested more than 64 deep|not valid JSON/);
    const ok = '['.repeat(64) + '1' + ']'.repeat(64);
    expect(json(ok)[0]!.array.shape).toEqual(new Array(64).fill(1));
  });

  it('refuses sizes over the limit before allocating', () => {
    expect(jsonError('{"shape": [100000, 100000], "data": []}')).toMatch(/shape \[100000, 100000\] at \$ needs 74\.5 GB in memory, over the 256 MB limit/);
    expect(jsonError('[[1, 2], [3, 4]]', 20)).toMatch(/the file is 16 B|needs 32 B in memory, over the 20 B limit/);
  });
});
