// One read of a whole document (findArrayLiteralsSliced) answers every offset as parseArrayLiteral
// over the whole document does (the hover scans a document version once and then only looks up),
// and the scanner's numbers are Python's float() to the bit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findArrayLiteralsSliced, literalAt, parseArrayLiteral, type ArrayLiteral } from '../../src/io/literal';

const control = { sliceMs: 1e9, pause: async () => undefined, cancelled: () => false };

async function map(text: string, languageId?: string, cuts?: number[]): Promise<ArrayLiteral[]> {
  const found = await findArrayLiteralsSliced(cuts === undefined ? text : piecesOf(text, cuts), languageId, control);
  if (found === undefined) throw new Error('cancelled');
  return found;
}

/** The text in pieces cut after line breaks (`cuts[i]` odd: cut after the i-th line break). */
function piecesOf(text: string, cuts: number[]): () => string | undefined {
  const pieces: string[] = [];
  let from = 0;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' && (cuts[k++ % Math.max(cuts.length, 1)] ?? 1) % 2 === 1) {
      pieces.push(text.slice(from, i + 1));
      from = i + 1;
    }
  }
  pieces.push(text.slice(from));
  return () => pieces.shift();
}

function expectSame(got: ArrayLiteral | undefined, want: ArrayLiteral | undefined, what: string): void {
  if (want === undefined) {
    expect(got, what).toBeUndefined();
    return;
  }
  expect(got, what).toBeDefined();
  expect([got!.start, got!.end], what).toEqual([want.start, want.end]);
  expect(got!.array.shape, what).toEqual(want.array.shape);
  expect(Array.from(got!.array.data), what).toEqual(Array.from(want.array.data));
}

/** Pieces that make nested, ragged, commented, quoted and called literals in every dialect. */
const piece = fc.constantFrom(
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  ', ',
  ';',
  ' ',
  '\n',
  '1',
  '-2.5',
  '3e-4',
  '7',
  'nan',
  'np.inf',
  'x',
  '"',
  "'",
  '#',
  '//',
  '/*',
  '*/',
  '%',
  '...',
  'np.array(',
  'new Float32Array(',
  'dtype=np.float32',
  'True',
  '`',
  '= ',
  'return ',
  '[1, 2, 3]',
  '[[1, 2], [3, 4]]',
  '(1, 2)',
  '"""',
  ' """\n',
  '/*\n',
  '\n*/ ',
  ' ...\n',
  '`\n',
  '%{\n',
  '\n%}\n',
  "float('",
  "')",
  'np.float64(',
  'np.uint8(',
  '\r\n',
  '1_0',
);
const langs = [undefined, 'python', 'javascript', 'typescript', 'json', 'matlab', 'plaintext'];

describe('findArrayLiteralsSliced', () => {
  it('gives, at every offset, what parseArrayLiteral over the whole text gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 120 }), fc.nat(langs.length - 1), fc.array(fc.nat(3), { maxLength: 8 }), async (parts, li, cuts) => {
        const text = parts.join('');
        const lang = langs[li];
        const literals = await map(text, lang);
        // Read piece by piece (cut after line breaks, as the hover reads a document), the same.
        const chunked = await map(text, lang, cuts);
        expect(chunked.length).toBe(literals.length);
        for (const [i, l] of chunked.entries()) expectSame(l, literals[i], `${JSON.stringify(text)} (${lang}) in pieces ${cuts}`);
        for (let i = 1; i < literals.length; i++) expect(literals[i]!.start).toBeGreaterThanOrEqual(literals[i - 1]!.end);
        for (let o = 0; o < text.length; o++) {
          const want = parseArrayLiteral(text, o, { languageId: lang, radius: text.length });
          expectSame(literalAt(literals, o), want, `${JSON.stringify(text)} (${lang}) at ${o}`);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('reads multi-line comments and strings cut between pieces as one text', async () => {
    const docs: [string, string][] = [
      ['x = """\n[1, 2]\n""" [3]\ny = [4]\n', 'python'],
      ["s = '''a\n[9]\n''' ; t = [[1, 2],\n [3, 4]]\n", 'python'],
      ['/* [1]\n[2] */ [3]\nconst a = `\n[5]\n` + [6];\n', 'javascript'],
      ['%{\n[1 2]\n%}\nA = [1 2 ...\n 3 4]\n', 'matlab'],
      ['v = [1, 2, ...\n 3]  // x\n', 'plaintext'],
      ["w = float('\n1') ; [5]\n", 'python'],
    ];
    for (const [text, lang] of docs) {
      const whole = await map(text, lang);
      expect(whole.length, text).toBeGreaterThan(0);
      for (const cuts of [[], [1, 0], [0, 1], [1, 1, 0]]) {
        const pieces = await map(text, lang, cuts);
        expect(
          pieces.map((l) => [l.start, l.end]),
          `${text} ${cuts}`,
        ).toEqual(whole.map((l) => [l.start, l.end]));
        for (const [i, l] of pieces.entries()) expectSame(l, whole[i], text);
      }
    }
  });

  it('reads a document with several literals, slice by slice, and stops when cancelled', async () => {
    const rows = Array.from({ length: 60 }, (_, r) => `    [${Array.from({ length: 60 }, (_, c) => (r * 60 + c) / 8).join(', ')}],`);
    const text = `import numpy as np\nk = (2, 2)\nx = np.array([\n${rows.join('\n')}\n], dtype=np.float32)\ny = [1, 2]  # [3]\nz = f(x)[0]\n`;
    let pauses = 0;
    const sliced = await findArrayLiteralsSliced(text, 'python', {
      sliceMs: 0,
      pause: async () => {
        pauses++;
      },
      cancelled: () => false,
    });
    expect(pauses).toBeGreaterThan(0);
    expect(sliced!.map((l) => text.slice(l.start, l.end).slice(0, 9))).toEqual(['(2, 2)', 'np.array(', '[1, 2]']);
    expect(sliced![1]!.array.shape).toEqual([60, 60]);
    expect(await findArrayLiteralsSliced(text, 'python', { sliceMs: 0, pause: async () => undefined, cancelled: () => true })).toBeUndefined();
  });

  it('is not used for Markdown, where the fence decides the reading', async () => {
    await expect(findArrayLiteralsSliced('```python\n[1, 2]\n```', 'markdown', control)).rejects.toThrow(/markdown/);
  });
});

// Expected values are Python's repr(float(text)). Number() and Python's float() both round decimal text correctly (to nearest, ties to even), so
// Number() of the same digits is the reference (underscores and inf/nan spellings listed apart).
describe('scanner numbers are exact', () => {
  const read = async (items: string[]): Promise<number[]> => {
    // Both paths: the fast one (items followed by a comma) and the token path (last item, and a 2-D row).
    const text = `x = [${items.join(', ')}]\ny = [[${items.join(', ')}]]`;
    const found = await map(text, 'python');
    const a = Array.from(found[0]!.array.data);
    const b = Array.from(found[1]!.array.data);
    expect(b).toEqual(a);
    expect(Array.from(parseArrayLiteral(text, 4, { languageId: 'python' })!.array.data)).toEqual(a);
    return a;
  };
  const bits = (xs: number[]): string[] => xs.map((x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x.toString(16) + (1 / x < 0 ? '-' : '')));

  it('reads random doubles in every spelling to the bit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
            fc.double({ noNaN: true, noDefaultInfinity: true }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toExponential(d))),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toFixed(d))),
            fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(8)),
            fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String),
            fc.stringMatching(/^-?[0-9]{1,20}\.[0-9]{0,20}(e[+-]?[0-9]{1,3})?$/),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        async (items) => {
          expect(bits(await read(items))).toEqual(bits(items.map((t) => Number(t))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('edge cases: signed zero, the extremes, 2^53 neighbours, underscores, inf and nan spellings', async () => {
    const cases: [string, number][] = [
      ['-0', -0],
      ['-0.0', -0],
      ['0e5', 0],
      ['-0e-5', -0],
      ['1e308', 1e308],
      ['1.7976931348623157e308', Number.MAX_VALUE],
      ['1.8e308', Infinity],
      ['5e-324', 5e-324],
      ['2.4703282292062328e-324', 5e-324],
      ['2.4703282292062327e-324', 0],
      ['9007199254740991', 2 ** 53 - 1],
      ['9007199254740993', 2 ** 53],
      ['9007199254740995', 2 ** 53 + 4],
      ['900719925474099.3', 900719925474099.2],
      ['0.1', 0.1],
      ['123456789012345678e-22', 1.2345678901234568e-5],
      ['1e22', 1e22],
      ['1e23', 1e23],
      ['4.35e-22', 4.35e-22],
      ['1_000', 1000],
      ['1_000.5', 1000.5],
      ['1e1_0', 1e10],
      ['.5', 0.5],
      ['5.', 5],
      ['np.inf', Infinity],
      ['-np.inf', -Infinity],
      ["float('nan')", Number.NaN],
      ['float("-inf")', -Infinity],
      ['math.inf', Infinity],
    ];
    const got = await read(cases.map(([t]) => t));
    expect(bits(got)).toEqual(bits(cases.map(([, v]) => v)));
  });
});
