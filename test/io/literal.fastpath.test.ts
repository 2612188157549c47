// The scanner's fast path for the body of large literals (`1.5, -2, 3e-4, …` read straight from
// the text, literalScan.ts plainItems) gives what the token path gives: the values Number() reads,
// the same positions, and the same verdicts where the text is anything but a plain number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../src/io/literal';

const decimal: fc.Arbitrary<string> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.tuple(fc.nat({ max: 99999 }), fc.nat({ max: 999999999 }), fc.integer({ min: -30, max: 30 })).map(([a, b, e]) => `${a}.${b}e${e}`),
  fc.stringMatching(/^-?[0-9]{1,25}(\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?$/),
);
const gap = fc.constantFrom('', ' ', '  ', '\t', ' \t ');

describe('literal fast path', () => {
  it('reads lists of numbers as Number() does, whatever the spacing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimal, gap, gap), { minLength: 1, maxLength: 40 }), fc.boolean(), (items, trailing) => {
        const body = items.map(([t, a, b], i) => `${a}${t}${b}${i < items.length - 1 || trailing ? ',' : ''}`).join(' ');
        const text = `x = [${body}]`;
        const r = parseArrayLiteral(text, 4, { languageId: 'python' });
        expect(r).toBeDefined();
        expect(r!.start).toBe(4);
        expect(r!.end).toBe(text.length);
        expect(Array.from(r!.array.data)).toEqual(items.map(([t]) => Number(t)));
      }),
      { numRuns: 400 },
    );
  });

  it('hands anything else back to the token path', () => {
    const cases: [string, number[] | undefined][] = [
      ['[1, 2, -0, 5., 5.e3, .5, 1e+2, 7]', [1, 2, -0, 5, 5000, 0.5, 100, 7]],
      ['[1, 2, 1_000, 4]', [1, 2, 1000, 4]],
      ['[1, 2, 0x1f, 4]', undefined],
      ['[1, 2, 1.5.3, 4]', undefined],
      ['[1, 2, 1e, 4]', undefined],
      ['[1, 2, - 3, 4]', [1, 2, -3, 4]],
      ['[1, 2, 3j, 4]', undefined],
      ['[1, 2, 3 # three\n, 4]', [1, 2, 3, 4]],
      ['[1, 2, 3 4]', [1, 2, 3, 4]],
      ['[[1, 2], [3, 4, 5]]', undefined],
      ['[1, 2, 1e400, -1e-400, 12345678901234567890]', [1, 2, Infinity, -0, Number('12345678901234567890')]],
    ];
    for (const [text, want] of cases) {
      const r = parseArrayLiteral(text, 1, { languageId: 'python' });
      if (want === undefined) expect(r?.end === text.length ? r : undefined, text).toBeUndefined();
      else expect(Array.from(r!.array.data), text).toEqual(want);
    }
  });
});
