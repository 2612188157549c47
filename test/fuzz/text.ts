/**
 * Mutations and generators for the text formats (CSV/TSV/TXT tables, JSON, array literals in
 * source code): structural characters inserted, removed or swapped, numbers replaced by hostile
 * ones, lines duplicated, nesting deepened; plus whole documents generated with fast-check.
 */
import fc from 'fast-check';
import { concat } from './bytes';
import type { Rng } from './rng';

type TextMutator = (s: string, rng: Rng) => string;

const TABLE_CHARS = [',', ';', '\t', ' ', '\n', '\r\n', '\r', '"', "'", '#', '.', '-', 'e'];
const JSON_CHARS = ['[', ']', '{', '}', ',', ':', '"', ' ', '\n', '-', '.', 'e', '\\'];
const LITERAL_CHARS = ['[', ']', '(', ')', '{', '}', ',', ';', ' ', '\n', '"', "'", '#', '//', '/*', '*/', '`', '```', '\\', '=', '.'];

const HOSTILE_NUMBERS = [
  '1e309',
  '-1e309',
  '1e-400',
  'nan',
  'NaN',
  '-inf',
  'Infinity',
  '-Infinity',
  'inf',
  '',
  '""',
  '"1"',
  '1,5',
  '0x10',
  '1_000',
  '9'.repeat(400),
  '-0',
  '.',
  '+',
  'e5',
  '1e',
  '1..2',
  'null',
  'true',
  'None',
  'float("nan")',
  'np.nan',
  '1j',
];

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

function at(s: string, rng: Rng): number {
  return rng.int(s.length + 1);
}

function structural(chars: readonly string[]): TextMutator {
  return (s, rng) => {
    const i = at(s, rng);
    const c = rng.pick(chars);
    const r = rng.int(3);
    if (r === 0) return s.slice(0, i) + c + s.slice(i); // insert
    // Remove or replace one occurrence of a structural character.
    const positions: number[] = [];
    for (let k = 0; k < s.length && positions.length < 256; k++) if (chars.includes(s[k]!)) positions.push(k);
    if (positions.length === 0) return s.slice(0, i) + c + s.slice(i);
    const p = rng.pick(positions);
    return s.slice(0, p) + (r === 1 ? '' : c) + s.slice(p + 1);
  };
}

const hostileNumber: TextMutator = (s, rng) => {
  const numbers = [...s.matchAll(NUMBER)];
  if (numbers.length === 0) return s;
  const m = rng.pick(numbers);
  const v = Number(m[0]);
  const replacement = rng.chance(0.5) ? rng.pick(HOSTILE_NUMBERS) : String(v * rng.pick([0, -1, 1e3, 1e300, 2 ** 31, 2 ** 53]));
  return s.slice(0, m.index) + replacement + s.slice(m.index! + m[0].length);
};

/** Inputs stay under this size (the readers refuse larger ones at once; growth beyond it only costs memory). */
export const MAX_TEXT = 2 * 1024 * 1024;

/** How many copies of `n` characters fit in what is left of MAX_TEXT. */
function copiesThatFit(s: string, n: number, wanted: number): number {
  return Math.max(0, Math.min(wanted, Math.floor((MAX_TEXT - s.length) / Math.max(1, n))));
}

const lineDuplicate: TextMutator = (s, rng) => {
  const lines = s.split('\n');
  const i = rng.int(lines.length);
  const times = copiesThatFit(s, lines[i]!.length + 1, rng.chance(0.7) ? 1 : rng.range(2, 2000));
  lines.splice(i, 0, ...Array<string>(times).fill(lines[i]!));
  return lines.join('\n');
};

const lineRemove: TextMutator = (s, rng) => {
  const lines = s.split('\n');
  lines.splice(rng.int(lines.length), 1);
  return lines.join('\n');
};

/** A stretch repeated many times: long lines, many columns, deep nesting. */
const repeatSpan: TextMutator = (s, rng) => {
  if (s.length === 0) return s;
  const i = rng.int(s.length);
  const j = Math.min(s.length, i + 1 + rng.smallish(16));
  return s.slice(0, i) + s.slice(i, j).repeat(copiesThatFit(s, j - i, rng.range(2, 5000))) + s.slice(i);
};

function deepen(open: string, close: string): TextMutator {
  return (s, rng) => {
    const n = copiesThatFit(s, 2, rng.pick([2, 33, 65, 1000, 20000]));
    const i = at(s, rng);
    const balanced = rng.chance(0.7);
    return s.slice(0, i) + open.repeat(n) + (balanced ? '1' + close.repeat(n) : '') + s.slice(i);
  };
}

const jsonShapeNumber: TextMutator = (s, rng) => {
  const m = /"shape"\s*:\s*\[([^\]]*)\]/.exec(s);
  if (!m) return hostileNumber(s, rng);
  const dims = m[1]!.split(',');
  const k = rng.int(dims.length);
  dims[k] = rng.pick(['0', '-1', '1.5', '1e300', '4294967296', '65536', String(Number(dims[k]) * rng.pick([0, 2, 10, 1000, 2 ** 31])), '"2"', 'null']);
  if (rng.chance(0.2)) dims.push(rng.pick(['1', '2', '0']));
  return s.slice(0, m.index) + `"shape": [${dims.join(',')}]` + s.slice(m.index + m[0].length);
};

export const TABLE_MUTATORS: readonly [string, TextMutator][] = [
  ['table-structural', structural(TABLE_CHARS)],
  ['table-number', hostileNumber],
  ['table-line-dup', lineDuplicate],
  ['table-line-remove', lineRemove],
  ['table-repeat', repeatSpan],
];

export const JSON_MUTATORS: readonly [string, TextMutator][] = [
  ['json-structural', structural(JSON_CHARS)],
  ['json-number', hostileNumber],
  ['json-shape', jsonShapeNumber],
  ['json-deepen', deepen('[', ']')],
  ['json-repeat', repeatSpan],
];

export const LITERAL_MUTATORS: readonly [string, TextMutator][] = [
  ['literal-structural', structural(LITERAL_CHARS)],
  ['literal-number', hostileNumber],
  ['literal-deepen', deepen('[', ']')],
  ['literal-deepen-paren', deepen('(', ')')],
  ['literal-repeat', repeatSpan],
  ['literal-line-dup', lineDuplicate],
];

// ---------------- encodings ----------------

/** Text as bytes: UTF-8, sometimes with a BOM, sometimes UTF-16 (Excel's "Unicode text"). */
export function encodeText(s: string, rng: Rng): Uint8Array {
  const r = rng.int(20);
  const utf8 = new TextEncoder().encode(s);
  if (r === 0) return concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8);
  if (r === 1 || r === 2) {
    const le = r === 1;
    const out = new Uint8Array(2 + 2 * s.length);
    out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    const v = new DataView(out.buffer);
    for (let i = 0; i < s.length; i++) v.setUint16(2 + 2 * i, s.charCodeAt(i), le);
    return out;
  }
  return utf8;
}

export function decodeText(b: Uint8Array): string {
  return new TextDecoder('utf-8').decode(b);
}

// ---------------- generated documents (fast-check) ----------------

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: false }).map(String) },
  { weight: 4, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((t) => `"${t}"`) },
);

const tableArb = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t', ' ', '  ', ', '),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.option(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 8 })),
    comment: fc.boolean(),
  })
  .map(({ rows, delimiter, newline, header, comment }) => {
    const lines = rows.map((r) => r.join(delimiter));
    if (header) lines.unshift(header.join(delimiter));
    if (comment) lines.unshift('# generated');
    return lines.join(newline);
  });

const numberTree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, true, false, 'x'),
    fc.array(tie('node'), { maxLength: 5 }),
  ),
})).node;

/** Rectangular nested arrays of a random shape, sometimes made ragged. */
const rectangular = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc.record({ shape: fc.constant(shape), data: fc.array(fc.double(), { minLength: n, maxLength: n }) });
  })
  .map(({ shape, data }) => {
    let k = 0;
    const build = (d: number): unknown => (d === shape.length ? data[k++] : Array.from({ length: shape[d]! }, () => build(d + 1)));
    return { shape, data, nested: build(0) };
  });

const jsonArb = fc.oneof(
  fc.json({ maxDepth: 4 }),
  numberTree.map((v) => JSON.stringify(v) ?? 'null'),
  rectangular.map((r) => JSON.stringify(r.nested) ?? 'null'),
  rectangular.map((r) => JSON.stringify({ shape: r.shape, data: r.data })),
  fc.tuple(rectangular, fc.array(fc.integer({ min: -2, max: 1e6 }), { maxLength: 5 })).map(([r, shape]) => JSON.stringify({ shape, data: r.data })),
  fc
    .dictionary(
      fc.string({ maxLength: 12 }),
      rectangular.map((r) => r.nested),
      { maxKeys: 4 },
    )
    .map((o) => JSON.stringify(o)),
  fc.string({ unit: fc.constantFrom(...JSON_CHARS, '1', '0', 'N', 'a', 'I') }),
);

const literalArb = fc.oneof(
  numberTree.map((v) => JSON.stringify(v) ?? '[]'),
  rectangular.map((r) => `x = np.array(${JSON.stringify(r.nested)}, dtype=np.float32)`),
  rectangular.map((r) => `const a = new Float32Array(${JSON.stringify(r.data)});`),
  fc.string({ unit: fc.constantFrom(...LITERAL_CHARS, '1', '2', '.5', 'nan', 'np.', 'float(', 'True', '\n'), maxLength: 400 }),
);

/** Batches of generated documents, reproducible from (seed, batch). */
const BATCH = 256;
const cache = new Map<string, string[]>();

export function generated(kind: 'table' | 'json' | 'literal', seed: number, index: number): string {
  const batch = Math.floor(index / BATCH);
  const key = `${kind}:${seed}:${batch}`;
  let docs = cache.get(key);
  if (!docs) {
    const arb = kind === 'table' ? tableArb : kind === 'json' ? jsonArb : literalArb;
    docs = fc.sample(arb, { seed: (seed ^ Math.imul(batch + 1, 0x9e3779b1)) | 0, numRuns: BATCH });
    if (cache.size > 8) cache.clear();
    cache.set(key, docs);
  }
  return docs[index % BATCH]!;
}
