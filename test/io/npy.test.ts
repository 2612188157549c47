import { describe, expect, it } from 'vitest';
import { ascii, concat, embedded, expectValues, expected, fixture, readError, readOne } from './helpers';
import { computeDtype } from '../../src/io/computeDtype';

interface NpyCase {
  file: string;
  shape?: number[];
  dtype?: string;
  values?: (number | string)[];
  precisionLoss?: boolean;
  error?: string;
}

const cases = expected<NpyCase>('npy');

describe('.npy fixtures written by NumPy', () => {
  it('covers every dtype × byte order × format version', () => {
    const names = new Set(cases.map((c) => c.file));
    for (const code of ['b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8']) {
      const orders = code.endsWith('1') ? ['na'] : ['le', 'be'];
      for (const order of orders) for (const v of [1, 2, 3]) expect(names.has(`${code}_${order}_v${v}.npy`), `${code}_${order}_v${v}`).toBe(true);
    }
  });

  for (const c of cases.filter((c) => !c.error)) {
    it(`reads ${c.file}`, () => {
      for (const bytes of [fixture('npy', c.file), embedded(fixture('npy', c.file))]) {
        const loaded = readOne(bytes, `some/dir/${c.file}`);
        expect(loaded.name).toBe(c.file);
        expect(loaded.dtype).toBe(c.dtype);
        expect(loaded.array.shape).toEqual(c.shape);
        // One rule for every source: float32 storage when the dtype's values are exact in it.
        const float32 = computeDtype(c.dtype ?? '') === 'float32';
        expect(loaded.array.data).toBeInstanceOf(float32 ? Float32Array : Float64Array);
        expectValues(loaded.array.data, c.values!, c.file);
        expect(loaded.precisionLoss ?? false).toBe(c.precisionLoss ?? false);
        // 64-bit integers always carry the decoder's verdict, so the host never scans for it.
        if (c.dtype === 'int64' || c.dtype === 'uint64') expect(loaded.precisionLoss).toBe(c.precisionLoss ?? false);
        expect(loaded.image).toBeUndefined();
      }
    });
  }

  for (const c of cases.filter((c) => c.error)) {
    it(`refuses ${c.file}, naming the dtype and what to save instead`, () => {
      const e = readError(() => readOne(fixture('npy', c.file), c.file), 'npy');
      expect(e.message).toContain(c.file);
      expect(e.message).toContain(c.error!);
      expect(e.message).toMatch(/np\.save\(path, /);
    });
  }
});

/** A version 1.0/2.0/3.0 .npy with the given header dict text (padded like NumPy) and data. */
function npy(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  const text = header.padEnd(total - prefix - 1, ' ') + '\n';
  const head = new Uint8Array(prefix);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(head.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  return concat(head, ascii(text), data);
}

const F4_2x3 = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
const header = (fields: string): string => `{${fields}}`;
const GOOD = "'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ";

describe('malformed .npy', () => {
  it('accepts the hand-built baseline used below', () => {
    expectValues(readOne(npy(header(GOOD), F4_2x3), 'a.npy').array.data, [1, 2, 3, 4, 5, 6], 'baseline');
    expectValues(readOne(npy(header(GOOD), F4_2x3, 2), 'a.npy').array.data, [1, 2, 3, 4, 5, 6], 'baseline v2');
  });

  it('reports every truncation of real files as truncated', () => {
    for (const file of ['f4_le_v1.npy', 'i8_be_v2.npy', 'u1_na_v3.npy', 'fortran_f4_2d.npy']) {
      const bytes = fixture('npy', file);
      for (let n = 1; n < bytes.length; n++) {
        const e = readError(() => readOne(bytes.subarray(0, n), file), 'npy');
        expect(e.message, `${file} cut at ${n}`).toMatch(/truncated/);
      }
    }
  });

  it('says where the data and the header disagree', () => {
    let e = readError(() => readOne(npy(header(GOOD), F4_2x3.subarray(0, 20)), 'a.npy'), 'npy');
    expect(e.message).toMatch(/truncated: the header declares shape \(2, 3\) float32 = 24 bytes of data after offset 128, but only 20 bytes follow/);
    e = readError(() => readOne(npy(header(GOOD), concat(F4_2x3, new Uint8Array(4))), 'a.npy'), 'npy');
    expect(e.message).toMatch(/24 bytes of data after offset 128, but 28 bytes follow/);
  });

  it('rejects wrong magic and names what the file looks like', () => {
    let e = readError(() => readOne(fixture('png', 'rgb8.png'), 'weights.npy'), 'npy');
    expect(e.message).toMatch(/weights\.npy: not a NumPy \.npy file.*looks like a PNG image/);
    e = readError(() => readOne(fixture('npz', 'savez_stored.npz'), 'x.npy'), 'npy');
    expect(e.message).toMatch(/looks like a zip archive/);
    e = readError(() => readOne(ascii('hello'), 'x.npy'), 'npy');
    expect(e.message).toMatch(/not a NumPy \.npy file/);
    e = readError(() => readOne(new Uint8Array(0), 'x.npy'), 'npy');
    expect(e.message).toMatch(/empty/);
  });

  it('rejects unknown format versions', () => {
    const bytes = npy(header(GOOD), F4_2x3);
    bytes[6] = 4;
    expect(readError(() => readOne(bytes, 'a.npy'), 'npy').message).toMatch(/unsupported \.npy format version 4\.0/);
    bytes[6] = 1;
    bytes[7] = 1;
    expect(readError(() => readOne(bytes, 'a.npy'), 'npy').message).toMatch(/version 1\.1/);
  });

  it('rejects a header length beyond the file', () => {
    const bytes = npy(header(GOOD), F4_2x3);
    new DataView(bytes.buffer).setUint16(8, 5000, true);
    expect(readError(() => readOne(bytes, 'a.npy'), 'npy').message).toMatch(/header is declared as 5000 bytes \(offset 8\)/);
    const v2 = npy(header(GOOD), F4_2x3, 2);
    new DataView(v2.buffer).setUint32(8, 0xfffffff0, true);
    expect(readError(() => readOne(v2, 'a.npy'), 'npy').message).toMatch(/implausibly large/);
  });

  const badHeaders: [string, string, RegExp][] = [
    ['not a dict', '[1, 2]', /expected a dict/],
    ['unclosed dict', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", /malformed header at offset \d+: expected ',' or '}'/],
    ['missing shape', header("'descr': '<f4', 'fortran_order': False"), /'shape' is missing/],
    ['missing descr', header("'fortran_order': False, 'shape': (2, 3)"), /'descr' is missing/],
    ['extra key', header(GOOD + "'extra': 1"), /unexpected key 'extra'/],
    ['duplicate key', header(GOOD + "'shape': (6,)"), /duplicate key 'shape'/],
    ['descr not a string', header("'descr': 4, 'fortran_order': False, 'shape': (2, 3)"), /'descr' must be a dtype string/],
    ['unknown descr', header("'descr': '<x4', 'fortran_order': False, 'shape': (2, 3)"), /dtype '<x4' is not supported/],
    ['fortran_order not a bool', header("'descr': '<f4', 'fortran_order': 'yes', 'shape': (2, 3)"), /'fortran_order' must be True or False, got 'yes'/],
    ['shape not a tuple', header("'descr': '<f4', 'fortran_order': False, 'shape': 6"), /'shape' must be a tuple of integers, got 6/],
    ['negative dimension', header("'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3)"), /dimension 0 of 'shape' \(-2, 3\) is -2/],
    ['fractional dimension', header("'descr': '<f4', 'fortran_order': False, 'shape': (2, 1.5)"), /dimension 1 of 'shape' \(2, 1\.5\) is 1\.5/],
    ['NaN dimension', header("'descr': '<f4', 'fortran_order': False, 'shape': (nan, 3)"), /malformed header at offset \d+: expected a number/],
    ['string dimension', header("'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3)"), /dimension 0 .* is '2'/],
    ['unterminated string', "{'descr: '<f4'}", /unterminated string|expected/],
    ['too many dims', header(`'descr': '<f4', 'fortran_order': False, 'shape': (${Array(65).fill(1).join(', ')}), `), /65 dimensions; at most 64/],
  ];
  for (const [what, text, message] of badHeaders) {
    it(`rejects a header with ${what}`, () => {
      const e = readError(() => readOne(npy(text, F4_2x3), 'bad.npy'), 'npy');
      expect(e.message).toMatch(/^bad\.npy: /);
      expect(e.message).toMatch(message);
    });
  }

  it('refuses absurd shapes before allocating anything', () => {
    const e = readError(() => readOne(npy(header("'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000000000), ")), 'huge.npy'), 'npy');
    expect(e.message).toMatch(/shape \(1000000000000, 1000000000000\) float64 needs .* over the 256 MB limit/);
    // Dimensions past 2^53 cannot even be counted exactly.
    expect(readError(() => readOne(npy(header("'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), ")), 'h.npy'), 'npy').message).toMatch(
      /dimensions must be non-negative integers/,
    );
  });

  it('applies maxBytes to the decoded array', () => {
    const bytes = fixture('npy', 'f8_le_v1.npy'); // (2, 3) float64 = 48 bytes
    expect(readOne(bytes, 'a.npy', { maxBytes: 48 }).array.shape).toEqual([2, 3]);
    expect(readError(() => readOne(bytes, 'a.npy', { maxBytes: 47 }), 'npy').message).toMatch(/needs 48 B in memory, over the 47 B limit/);
    // uint8 widens to float32 (exact), int32 to float64: the decoded size counts, not the stored one.
    expect(readError(() => readOne(fixture('npy', 'u1_na_v1.npy'), 'u.npy', { maxBytes: 20 }), 'npy').message).toMatch(/needs 24 B/);
    expect(readError(() => readOne(fixture('npy', 'i4_le_v1.npy'), 'i.npy', { maxBytes: 40 }), 'npy').message).toMatch(/needs 48 B/);
  });

  it('keeps an empty array with a zero dimension, however large the others', () => {
    const a = readOne(npy(header("'descr': '<f4', 'fortran_order': False, 'shape': (0, 9007199254740991), ")), 'e.npy');
    expect(a.array.shape).toEqual([0, 9007199254740991]);
    expect(a.array.data.length).toBe(0);
  });
});
