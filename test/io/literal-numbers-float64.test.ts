// The WebAssembly number reader (scripts/wasm/gen-numbers.ts) on float64 reprs, 16–19 significant
// digits, which it reads by Eisel–Lemire: every value it gives is Number(text)'s bit for bit
// (JavaScript's Number and Python's float both round correctly, so that is Python's value too),
// and it does read them itself (it may leave an item to the JS path only where it cannot decide).
// About 1.2 million items: shortest reprs (JavaScript's and Python's spellings), arbitrary 16–19-digit
// decimals, decimals within a digit of the midpoint between two doubles (and exact midpoints),
// doubles written exactly with a fraction, powers of ten and of two, the edges of its table, the
// extremes of the double range.
import { describe, expect, it } from 'vitest';
import { EISEL_LEMIRE_Q, pow5Table } from '../../scripts/wasm/gen-numbers';
import { findArrayLiteralsSliced } from '../../src/io/literal';
import { MAX_BULK_ITEMS, plainNumbers, setWasmNumbers } from '../../src/io/literal/plainNumbers';

const Q = EISEL_LEMIRE_Q;

/** A seeded generator of u32s (xorshift128), so failures repeat. */
function rng(seed: number): () => number {
  let a = seed | 1;
  let b = 0x9e3779b9;
  let c = 0x243f6a88;
  let d = 0xb7e15162;
  return () => {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ t ^ (t >>> 8)) >>> 0;
    return d;
  };
}

interface WasmRead {
  values: Float64Array;
  /** 1 where the module gave the item's value, 0 where it left the item to the JS path. */
  read: Uint8Array;
  count: number;
}

let textId = 1;

/** Reads `items`, each followed by `, `, with the WebAssembly reader alone, skipping each item it leaves. */
function wasmRead(items: readonly string[]): WasmRead {
  const reader = plainNumbers();
  if (reader === undefined) throw new Error('the WebAssembly reader did not load');
  const starts = new Int32Array(items.length + 1);
  for (let k = 0, at = 0; k <= items.length; k++) {
    starts[k] = at;
    if (k < items.length) at += items[k]!.length + 2;
  }
  const text = `${items.join(', ')}, ]`;
  const id = textId++;
  const values = new Float64Array(items.length);
  const read = new Uint8Array(items.length);
  const out = new Float64Array(MAX_BULK_ITEMS);
  let count = 0;
  for (let k = 0; k < items.length; ) {
    const max = Math.min(MAX_BULK_ITEMS, items.length - k);
    const n = reader.read(text, id, starts[k]!, text.length, out, 0, max);
    if (n > 0) expect(reader.next).toBe(starts[k + n]! - 1); // after the last comma it read
    values.set(out.subarray(0, n), k);
    read.fill(1, k, k + n);
    count += n;
    // It stops before an item it leaves, and before one cut by its window's end (read on the next call).
    k += n === 0 ? 1 : n;
  }
  return { values, read, count };
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const bitsOf = (x: number): bigint => {
  f64[0] = x;
  return u64[0]!;
};
const fromBits = (b: bigint): number => {
  u64[0] = b;
  return f64[0]!;
};

/** Every value the module gave equals Number(text) bit for bit; returns the share it read. */
function expectExact(items: readonly string[]): number {
  const { values, read, count } = wasmRead(items);
  const wrong: string[] = [];
  for (let k = 0; k < items.length && wrong.length < 5; k++) {
    if (read[k] === 1 && !Object.is(values[k], Number(items[k]))) wrong.push(`${items[k]}: ${values[k]} (Number: ${Number(items[k])})`);
  }
  expect(wrong).toEqual([]);
  console.log(
    `${count}/${items.length}`,
    items
      .filter((_, k) => read[k] === 0)
      .slice(0, 4)
      .join(' '),
  );
  return count / items.length;
}

/** Python's repr of a double: the shortest digits (as JavaScript's), fixed for 1e-4 ≤ |x| < 1e16, else d.ddde±XX. */
function pyRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  const sign = x < 0 ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** NumPy's rand(): (a >> 5) · 2^26 + (b >> 6), over 2^53. */
const uniform = (next: () => number): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 2 ** 53;

/** `n` random decimal digits, the first not 0. */
function digits(next: () => number, n: number): string {
  let s = String(1 + (next() % 9));
  while (s.length < n) s += String(next() % 1e8).padStart(8, '0');
  return s.slice(0, n);
}

/** The digits `d` (value d·10^p) written one of several ways: 0.000ddd, d.ddde±X, ddd.dd, ddde±X, with a sign sometimes. */
function spell(d: string, p: number, style: number, neg: boolean): string {
  const sign = neg ? '-' : '';
  const point = d.length + p; // digits before the decimal point
  switch (style % 4) {
    case 0:
      if (point <= 0 && point > -12) return `${sign}0.${'0'.repeat(-point)}${d}`;
      if (point > 0 && point < d.length) return `${sign}${d.slice(0, point)}.${d.slice(point)}`;
      return `${sign}${d}e${p}`;
    case 1:
      return `${sign}${d[0]}.${d.slice(1)}e${point - 1 < 0 ? '-' : '+'}${String(Math.abs(point - 1)).padStart(2, '0')}`;
    case 2:
      return `${sign}${d[0]}.${d.slice(1)}E${point - 1}`;
    default:
      return `${sign}${d}e${p}`;
  }
}

/**
 * The exact midpoint between x > 0 and the next double up, as decimal digits and exponent
 * (digits·10^exp), from BigInt: x = M·2^E, the midpoint (2M + 1)·2^(E−1).
 */
function midpoint(x: number): { digits: string; exp: number } {
  const b = bitsOf(x);
  const field = Number(b >> 52n);
  const frac = b & ((1n << 52n) - 1n);
  const M = field === 0 ? frac : frac | (1n << 52n);
  const E = (field === 0 ? 1 : field) - 1075;
  const odd = 2n * M + 1n;
  if (E - 1 >= 0) return { digits: (odd << BigInt(E - 1)).toString(), exp: 0 };
  const k = 1 - E;
  return { digits: (odd * 5n ** BigInt(k)).toString(), exp: -k };
}

/** digits·10^exp cut to n significant digits, plus delta in the last one. */
function near(m: { digits: string; exp: number }, n: number, delta: bigint): { digits: string; exp: number } {
  if (m.digits.length <= n) return { digits: (BigInt(m.digits) + delta).toString(), exp: m.exp };
  return { digits: (BigInt(m.digits.slice(0, n)) + delta).toString(), exp: m.exp + m.digits.length - n };
}

describe('the WebAssembly number reader on float64 reprs (Eisel–Lemire)', () => {
  it('has the table it says: 10^q’s leading 128 bits, rounded down, for every q it covers', () => {
    expect(Q.min).toBeLessThanOrEqual(-40);
    expect(Q.max).toBeGreaterThanOrEqual(30);
    const view = new DataView(pow5Table().buffer);
    expect(view.byteLength).toBe((Q.max - Q.min + 1) * 16);
    for (let q = Q.min; q <= Q.max; q++) {
      const t = (view.getBigUint64((q - Q.min) * 16, true) << 64n) | view.getBigUint64((q - Q.min) * 16 + 8, true);
      expect(t >> 127n).toBe(1n);
      // t·2^s ≤ 5^q < (t + 1)·2^s for the s that puts t's top bit at 127
      const five = 5n ** BigInt(Math.abs(q));
      if (q >= 0) {
        const s = BigInt(five.toString(2).length - 128);
        if (s <= 0n) expect(t).toBe(five << -s);
        else expect(five >> s).toBe(t);
      } else {
        const s = BigInt(127 + five.toString(2).length);
        expect(t * five <= 1n << s && 1n << s < (t + 1n) * five).toBe(true);
      }
    }
  });

  it('reads NumPy rand() and randn()-like values as Python and JavaScript print them, nearly all itself', () => {
    const next = rng(1);
    const rand: string[] = [];
    const scaled: string[] = [];
    const scaledJs: string[] = [];
    for (let k = 0; k < 100_000; k++) {
      const u = uniform(next);
      rand.push(k % 2 === 0 ? pyRepr(u) : String(u));
      // values of every size from 1e-30 to 1e30, either sign
      const v = (uniform(next) - 0.5) * 10 ** ((next() % 61) - 30);
      scaled.push(pyRepr(v));
      scaledJs.push(String(v));
    }
    expect(rand.filter((t) => t.replace(/^0\.0*|e.*$|\./g, '').length >= 16).length).toBeGreaterThan(0.9 * rand.length);
    expect(expectExact(rand)).toBeGreaterThan(0.99);
    expect(expectExact(scaled)).toBeGreaterThan(0.99);
    // JavaScript writes 1e16 ≤ |x| < 1e21 with all its integer digits (41811960764649440000): past 19 digits, the JS path's.
    expect(expectExact(scaledJs)).toBeGreaterThan(0.9);
  });

  it('reads doubles from random bits (every exponent) as Number() does, and itself wherever its table reaches', () => {
    const next = rng(2);
    const all: string[] = [];
    const inTable: string[] = [];
    while (all.length < 200_000) {
      const x = fromBits((BigInt(next()) << 32n) | BigInt(next()));
      if (!Number.isFinite(x)) continue;
      all.push(String(x), pyRepr(x));
      const e = Math.floor(Math.log10(Math.abs(x)));
      if (e > Q.min + 20 && e < Q.max) inTable.push(pyRepr(x));
    }
    expectExact(all);
    expect(inTable.length).toBeGreaterThan(1000);
    expect(expectExact(inTable)).toBeGreaterThan(0.99);
  });

  it('reads arbitrary 16- to 19-digit decimals (not shortest reprs) exactly, nearly all itself inside its table', () => {
    const next = rng(3);
    for (const n of [16, 17, 18, 19]) {
      const inside: string[] = [];
      const anywhere: string[] = [];
      for (let k = 0; k < (n === 17 ? 80_000 : 30_000); k++) {
        const d = digits(next, n);
        inside.push(spell(d, Q.min + (next() % (Q.max - Q.min + 1)), next(), next() % 2 === 0));
        anywhere.push(spell(d, (next() % 700) - 360, next(), next() % 2 === 0));
      }
      expect(expectExact(inside)).toBeGreaterThan(0.99);
      expectExact(anywhere);
    }
  });

  it('reads decimals within a digit of the midpoint between two doubles exactly, and exact midpoints', () => {
    const next = rng(4);
    const inside: string[] = [];
    const anywhere: string[] = [];
    for (let k = 0; k < 25_000; k++) {
      // most of 2^-120 … 2^130 (the table's reach for 17–19 digits), some anywhere
      const far = k % 4 === 3;
      const x = far ? Math.abs(fromBits((BigInt(next()) << 32n) | BigInt(next()))) : (1 + uniform(next)) * 2 ** ((next() % 250) - 120);
      if (!Number.isFinite(x) || x === Number.MAX_VALUE) continue;
      const m = midpoint(x);
      for (const n of [17, 18, 19]) {
        for (const delta of [-1n, 0n, 1n]) {
          const c = near(m, n, delta);
          (far ? anywhere : inside).push(spell(c.digits, c.exp, next(), false));
        }
      }
    }
    // Cut to 17–19 digits, a midpoint is no longer one: it decides nearly all of them.
    expect(expectExact(inside)).toBeGreaterThan(0.99);
    expectExact(anywhere);
    // Exact midpoints with ≤ 19 digits: integers (2M + 1)·2^(E−1) below 10^19, written several ways.
    const exact: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const M = (BigInt(next() >>> 11) << 32n) | BigInt(next()) | (1n << 52n);
      const e = 1 + (next() % 11);
      const mid = ((2n * M + 1n) << BigInt(e - 1)).toString();
      if (mid.length > 19) continue;
      exact.push(spell(mid, 0, next(), next() % 2 === 0), spell(`${BigInt(mid) - 1n}`, 0, 0, false), spell(`${BigInt(mid) + 1n}`, 0, 0, false));
      exact.push(`${mid.slice(0, 10)}.${mid.slice(10)}e${mid.length - 10}`);
    }
    // Exact midpoints between doubles of 0 <= p <= 27 (Python's 9.007199254740993e+15) it rounds to even itself.
    expect(expectExact(exact)).toBeGreaterThan(0.99);
  });

  it('reads doubles written exactly with digits after the dot (where Eisel–Lemire cannot decide), itself', () => {
    // From about 1e14 to 2^53 a double has few bits after the point, and its repr is its exact value
    // (3393675884816671.5), or it is an integer Python writes with `.0`; also exact midpoints so written.
    const next = rng(7);
    const items: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const x = (1 + uniform(next)) * 2 ** (47 + (k % 6));
      items.push(pyRepr(x), String(-x), `${Math.trunc(x)}.0`, `${Math.trunc(x) * 2 + 1}.0`);
    }
    items.push('3393675884816671.5', '1234567890123456.0', '9007199254740993.0', '9007199254740995.00', '-9007199254740993.000');
    expect(expectExact(items)).toBeGreaterThan(0.99);
  });

  it('reads powers of ten and two, its table’s edges, the extremes of the double range, zeros and zero runs exactly', () => {
    const items: string[] = [];
    for (let k = -400; k <= 400; k++) items.push(`1e${k}`, `1000000000000000000e${k - 18}`, `9999999999999999999e${k}`, `-${'1'.repeat(19)}e${k}`);
    for (let k = -1074; k <= 1023; k++) {
      const x = 2 ** k;
      items.push(String(x), pyRepr(x), x.toPrecision(17), String(fromBits(bitsOf(x) + 1n)), x.toPrecision(19));
      if (k > -1074) items.push(String(fromBits(bitsOf(x) - 1n)), fromBits(bitsOf(x) - 1n).toPrecision(17));
      if (k >= 0 && k < 64) items.push((1n << BigInt(k)).toString(), ((1n << BigInt(k)) - 1n).toString(), ((1n << BigInt(k)) + 1n).toString());
    }
    const next = rng(5);
    // Each side of the table's ends: q = min − 1, min, max, max + 1.
    const edges: Record<string, string[]> = { inMin: [], outMin: [], inMax: [], outMax: [] };
    for (let k = 0; k < 2000; k++) {
      const d = digits(next, 17 + (k % 3));
      edges.inMin!.push(`${d}e${Q.min}`);
      edges.outMin!.push(`${d}e${Q.min - 1}`);
      edges.inMax!.push(`${d}e${Q.max}`);
      edges.outMax!.push(`${d}e${Q.max + 1}`);
    }
    expect(expectExact(edges.inMin!)).toBeGreaterThan(0.99);
    expect(expectExact(edges.inMax!)).toBeGreaterThan(0.99);
    expect(expectExact(edges.outMin!)).toBe(0); // past the table: the JS path's
    expect(expectExact(edges.outMax!)).toBe(0);
    items.push(
      String(Number.MAX_VALUE),
      '1.7976931348623157e308',
      '1.7976931348623158e308',
      '1.7976931348623159e308',
      '-1.7976931348623157e+308',
      '2.2250738585072014e-308',
      '2.2250738585072011e-308',
      '2.225073858507201e-308',
      '4.9406564584124654e-324',
      '5e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '1e-400',
      '1e400',
      '0',
      '-0',
      '0.0',
      '-0.0',
      '0e-999',
      '-0e999',
      `0.${'0'.repeat(40)}`,
      `-0.${'0'.repeat(40)}`,
      `0.${'0'.repeat(30)}123456789012345678`,
      `0.${'0'.repeat(45)}12345678901234567`,
      `-0.${'0'.repeat(20)}1234567890123456789`,
      `0.${'0'.repeat(20)}12345678901234567890`,
      `0.0000${'98765432109876543210'}7`,
      `-${'98765432109876543210'}.5e-30`,
      `0.${'9'.repeat(22)}`,
      `${'0'.repeat(30)}12345678901234567.5`,
      `1.${'0'.repeat(30)}`,
      `1.${'0'.repeat(17)}1`,
      `1${'0'.repeat(25)}`,
      `${'0'.repeat(25)}.5`,
      '0.000123',
      '-0.000123456789012345678',
      '1e-5',
      '2.5E+3',
      '-2.5e-0003',
      '9007199254740993',
      '9007199254740993.0',
      '900719925474099.35e1',
      '18446744073709551615',
      '9999999999999999999',
      '10000000000000000000',
      '0.1',
      '0.30000000000000004',
      '123456789012345678e-22',
    );
    expectExact(items);
    // Zeros are the module's, whatever their exponent, with the sign Number() gives.
    const zeros = wasmRead(['-0.0', `0.${'0'.repeat(40)}`, '-0e999', '0e-999']);
    expect(Array.from(zeros.read)).toEqual([1, 1, 1, 1]);
    expect(Object.is(zeros.values[0], -0) && Object.is(zeros.values[1], 0) && Object.is(zeros.values[2], -0)).toBe(true);
  });

  it('gives the JS path’s literal for a rand().tolist() paste, and reads it itself', async () => {
    const next = rng(6);
    const rows = Array.from({ length: 40 }, () => Array.from({ length: 500 }, () => pyRepr(uniform(next))));
    const text = `import numpy as np\nx = np.array([\n${rows.map((r) => `    [${r.join(', ')}],`).join('\n')}\n])\n`;
    const read = async (): Promise<number[]> => {
      const found = await findArrayLiteralsSliced(text, 'python', { sliceMs: 1e9, pause: async () => undefined, cancelled: () => false });
      return Array.from(found![0]!.array.data);
    };
    const wasm = await read();
    setWasmNumbers(false);
    const js = await read();
    setWasmNumbers(true);
    expect(wasm.length).toBe(20_000);
    expect(wasm.map(bitsOf)).toEqual(js.map(bitsOf));
    expect(wasm).toEqual(rows.flat().map(Number));
    // all but the last item of each row (the one before `]`, the JS path's) are the module's
    expect(expectExact(rows.flatMap((r) => r.slice(0, -1)))).toBeGreaterThan(0.99);
  });
});
