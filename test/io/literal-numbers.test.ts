// The WebAssembly reader of a literal's plain items (src/io/literal/plainNumbers.ts, generated from
// scripts/wasm/gen-numbers.ts) gives what the JS path gives, bit for bit: values (Number() of the
// text, so Python's float()), shapes, ranges and verdicts, across its 64K-character windows, a
// document read in pieces and slices, non-ASCII text, and two scans taking turns with its memory.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedNumbersSource, NUMBERS_GENERATED_PATH } from '../../scripts/wasm/build';
import { findArrayLiteralsSliced, parseArrayLiteral, type ArrayLiteral, type TextPieces } from '../../src/io/literal';
import { NUMBERS_WASM_BASE64 } from '../../src/io/literal/numbers.generated';
import { setWasmNumbers, wasmNumbersActive } from '../../src/io/literal/plainNumbers';

afterEach(() => setWasmNumbers(true));

const bits = (xs: ArrayLike<number>): string[] =>
  Array.from(xs, (x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x.toString(16) + (1 / x < 0 ? '-' : '')));

/** The literal as a comparable record: range, shape and the values' bits. */
const record = (l: ArrayLiteral | undefined): unknown =>
  l === undefined ? undefined : { start: l.start, end: l.end, shape: l.array.shape, bits: bits(l.array.data) };

async function readAll(text: string | TextPieces, languageId: string, sliceMs = 1e9): Promise<unknown[]> {
  const found = await findArrayLiteralsSliced(text, languageId, { sliceMs, pause: async () => undefined, cancelled: () => false });
  if (found === undefined) throw new Error('cancelled');
  return found.map(record);
}

/** Runs `f` with the WebAssembly reader, then with the JS path alone: both answers. */
async function bothPaths<T>(f: () => T | Promise<T>): Promise<[T, T]> {
  setWasmNumbers(true);
  expect(wasmNumbersActive()).toBe(true);
  const wasm = await f();
  setWasmNumbers(false);
  expect(wasmNumbersActive()).toBe(false);
  const js = await f();
  setWasmNumbers(true);
  return [wasm, js];
}

/** Pieces of the text cut after every `every`-th line break (as the hover reads a document). */
function pieces(text: string, every: number): TextPieces {
  const out: string[] = [];
  let from = 0;
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' && ++breaks % every === 0) {
      out.push(text.slice(from, i + 1));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return () => out.shift();
}

/** Numbers in the spellings the reader takes, and the ones it must leave to the JS path. */
const number: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(8)) },
  {
    weight: 3,
    arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toFixed(d))),
  },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toExponential(d))) },
  { weight: 2, arbitrary: fc.stringMatching(/^-?[0-9]{1,22}(\.[0-9]{0,22})?([eE][+-]?[0-9]{1,3})?$/) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '-0',
      '-0.0',
      '0.0',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '922337203685477580',
      '9223372036854775807',
      '18446744073709551616',
      '1e22',
      '1e23',
      '1e-22',
      '1e-23',
      '123456789012345678e-22',
      '0.000000000000000000000001',
      '5.',
      '.5',
      '1e',
      '1e+',
      '1_000',
      '1_000.5',
      'nan',
      'np.nan',
      'np.inf',
      '-np.inf',
      'inf',
      "float('nan')",
      'float("-inf")',
      '- 3',
      '0x1f',
      '3j',
      'µ',
      '1.5 # ünïcödé\n',
      '2 # 🙂\n',
      '"€"',
      '0.5 # lone \ud83d surrogate\n',
      '# \udc00 é\n1.25',
    ),
  },
);
const gap = fc.constantFrom('', '', ' ', '  ', '\t', ' \t');

/** A literal of `rows` rows of items; a row long enough crosses the reader's 64K-character windows. */
const literal = (rows: number, minItems: number, maxItems: number): fc.Arbitrary<string> =>
  fc
    .array(fc.array(fc.tuple(gap, number, gap), { minLength: minItems, maxLength: maxItems, size: 'max' }), { minLength: 1, maxLength: rows })
    .map(
      (rs) =>
        `import numpy as np  # données\nx = np.array([\n${rs.map((r) => `    [${r.map(([a, t, b]) => `${a}${t}${b}`).join(',')}],`).join('\n')}\n], dtype=np.float32)\ny = [1, 2]\n`,
    );

describe('the WebAssembly number reader', () => {
  it('is what a fresh `npm run build:wasm` makes, and small enough to compile synchronously on a browser main thread', async () => {
    expect(readFileSync(NUMBERS_GENERATED_PATH, 'utf8')).toBe(await generatedNumbersSource());
    expect(Buffer.from(NUMBERS_WASM_BASE64, 'base64').length).toBeLessThan(4096);
  });

  it('gives the JS path’s literals bit for bit, whatever the spellings (and Number() of each plain number)', async () => {
    await fc.assert(
      fc.asyncProperty(literal(6, 1, 40), async (text) => {
        const [wasm, js] = await bothPaths(() => readAll(text, 'python'));
        expect(wasm).toEqual(js);
        const [a, b] = await bothPaths(() => record(parseArrayLiteral(text, text.indexOf('np.array'), { languageId: 'python' })));
        expect(a).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees across its windows, in pieces and slices, with rows longer than a window', async () => {
    await fc.assert(
      fc.asyncProperty(literal(3, 4000, 12000), fc.integer({ min: 1, max: 3 }), async (text, every) => {
        const [whole, wholeJs] = await bothPaths(() => readAll(text, 'python'));
        expect(whole).toEqual(wholeJs);
        const [sliced, slicedJs] = await bothPaths(() => readAll(pieces(text, every), 'python', 0));
        expect(sliced).toEqual(slicedJs);
        expect(sliced).toEqual(whole);
      }),
      { numRuns: 12 },
    );
  });

  it('reads long plain rows to the bit, at every offset of a number against the window edge', async () => {
    // Items of 1..30 characters before a run of float32 reprs: some number straddles the 65536th character of each row.
    const values: string[] = [];
    let s = 7;
    for (let k = 0; k < 9000; k++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      values.push(Math.fround((s / 2 ** 32 - 0.5) * 10 ** ((s % 9) - 4)).toPrecision(8));
    }
    const rows = Array.from({ length: 30 }, (_, r) => `  [${'1, '.repeat(r)}${values.join(', ')}],`);
    const text = `x = [\n${rows.join('\n')}\n]\n`;
    const [wasm, js] = await bothPaths(() => readAll(pieces(text, 1), 'python'));
    expect(wasm).toEqual(js);
    const data = (wasm[0] as { bits: string[] }).bits;
    expect(data.slice(0, 9000)).toEqual(bits(values.map(Number)));
  });

  it('agrees past non-ASCII text (its bytes and characters part there): comments inside long rows, and on every line of short ones', async () => {
    let s = 11;
    const next = (): string => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return Math.fround(s / 2 ** 32 - 0.5).toPrecision(8);
    };
    // Long rows wrapped every 700 items with a comment (Python reads it as one list row per bracket).
    const long = Array.from(
      { length: 6 },
      (_, r) => `  [${Array.from({ length: 7 }, () => Array.from({ length: 700 }, next).join(', ')).join(`,  # ligne ${r} ü 🙂\n   `)}],`,
    );
    const short = Array.from(
      { length: 3000 },
      (_, r) => `  [${next()}, ${next()}, ${next()}, ${next()}, ${next()}, ${next()}, ${next()}, ${next()}, ${next()}, ${next()}],  # 中文 ${r}`,
    );
    for (const text of [`x = [\n${long.join('\n')}\n]\n`, `y = [\n${short.join('\n')}\n]\n`]) {
      const [whole, wholeJs] = await bothPaths(() => readAll(text, 'python'));
      expect(whole).toEqual(wholeJs);
      expect(whole).toHaveLength(1);
      const [sliced, slicedJs] = await bothPaths(() => readAll(pieces(text, 7), 'python', 0));
      expect(sliced).toEqual(slicedJs);
      expect(sliced).toEqual(whole);
    }
  });

  it('keeps its window right when two scans take turns (two documents read at once)', async () => {
    const rowOf = (seed: number, n: number): string => Array.from({ length: n }, (_, k) => ((seed * 7919 + k * 104729) % 100003) / 997).join(', ');
    // Rows of more items than one fast-path call reads (4096): a scan pauses inside a row, in the middle of its window.
    const a = `a = [\n${Array.from({ length: 8 }, (_, r) => `  [${rowOf(r + 1, 10000)}],`).join('\n')}\n]\n`;
    const b = `b = [\n${Array.from({ length: 8 }, (_, r) => `  [${rowOf(r + 99, 10000)}],`).join('\n')}\n]\n`;
    const alone = [await readAll(pieces(a, 1), 'python'), await readAll(pieces(b, 1), 'python')];
    // sliceMs 0: each scan pauses after every few thousand tokens, and the two interleave.
    const together = await Promise.all([readAll(pieces(a, 1), 'python', 0), readAll(pieces(b, 1), 'python', 0)]);
    expect(together).toEqual(alone);
    setWasmNumbers(false);
    expect([await readAll(a, 'python'), await readAll(b, 'python')]).toEqual(alone);
  });
});
