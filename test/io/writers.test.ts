import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decode as decodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { NDArray } from '../../src/core/types';
import { writeCsv, writeNpy, writePng, WriteError } from '../../src/io';
import { ascii, readOne } from './helpers';

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE, 0.1, -1e-300, 2 ** 53 + 2];
const arrays: NDArray[] = [
  { shape: [], data: new Float64Array([3.25]) },
  { shape: [10], data: new Float64Array(SPECIALS) },
  { shape: [2, 5], data: new Float32Array(SPECIALS) },
  { shape: [2, 3, 4], data: Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1) },
  { shape: [0], data: new Float64Array(0) },
  { shape: [3, 0, 2], data: new Float32Array(0) },
];

function sameValues(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`value ${i}: ${actual[i]} instead of ${expected[i]}`);
  }
}

describe('writeNpy', () => {
  for (const a of arrays) {
    it(`round-trips shape [${a.shape.join(', ')}] ${a.data.constructor.name} through readArrays`, () => {
      const bytes = writeNpy(a);
      expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const headerEnd = 10 + (bytes[8]! | (bytes[9]! << 8));
      expect(headerEnd % 64).toBe(0);
      expect(bytes[headerEnd - 1]).toBe(0x0a);
      const back = readOne(bytes, 'a.npy');
      expect(back.array.shape).toEqual(a.shape);
      expect(back.dtype).toBe(a.data instanceof Float32Array ? 'float32' : 'float64');
      expect(back.array.data).toBeInstanceOf(a.data.constructor);
      sameValues(back.array.data, a.data);
    });
  }

  it('writes only the viewed part of a typed array', () => {
    const big = new Float32Array([9, 1, 2, 3, 9]);
    const back = readOne(writeNpy({ shape: [3], data: big.subarray(1, 4) }), 'a.npy');
    expect(Array.from(back.array.data)).toEqual([1, 2, 3]);
  });

  it('refuses inconsistent arrays', () => {
    expect(() => writeNpy({ shape: [2, 2], data: new Float64Array(3) })).toThrow(WriteError);
    expect(() => writeNpy({ shape: [2, -1], data: new Float64Array(0) })).toThrow(/invalid shape \[2, -1\]/);
    expect(() => writeNpy({ shape: new Array<number>(65).fill(1), data: new Float64Array(1) })).toThrow(/65 dimensions/);
  });
});

describe('writeCsv', () => {
  it('writes rows, a 1-D array as a column, and nan/inf/-inf', () => {
    expect(writeCsv({ shape: [2, 3], data: new Float64Array([1, 2.5, -3, NaN, Infinity, -Infinity]) })).toBe('1,2.5,-3\nnan,inf,-inf\n');
    expect(writeCsv({ shape: [3], data: new Float64Array([1, -0, 1e21]) })).toBe('1\n-0\n1e+21\n');
    expect(writeCsv({ shape: [], data: new Float64Array([7]) })).toBe('7\n');
    expect(writeCsv({ shape: [0, 3], data: new Float64Array(0) })).toBe('');
  });

  it('writes float32 values with the fewest digits that read back to the same float32', () => {
    expect(writeCsv({ shape: [3], data: new Float32Array([0.1, 1 / 3, 16777217]) })).toBe('0.1\n0.33333334\n16777216\n');
  });

  it('refuses 3-D arrays with a clear WriteError', () => {
    const e = (() => {
      try {
        writeCsv({ shape: [2, 2, 2], data: new Float64Array(8) });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(WriteError);
    expect((e as WriteError).format).toBe('csv');
    expect((e as WriteError).message).toBe('CSV holds 1-D or 2-D arrays; this one has shape [2, 2, 2]. Save it as .npy, or pick a 2-D slice.');
  });

  it('round-trips any float64 matrix exactly through readArrays, float32 to the same float32', () => {
    const finiteOrSpecial = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 5 }),
        fc.boolean(),
        fc.array(finiteOrSpecial, { minLength: 25, maxLength: 25 }),
        (rows, cols, f32, pool) => {
          const values = pool.slice(0, rows * cols);
          const data = f32 ? new Float32Array(values) : new Float64Array(values);
          const back = readOne(ascii(writeCsv({ shape: [rows, cols], data })), 'a.csv');
          expect(back.array.shape).toEqual([rows, cols]);
          // CSV text has no dtype: float32 values come back as float64 that round to them.
          sameValues(f32 ? Float32Array.from(back.array.data) : back.array.data, data);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('writePng', () => {
  it('maps the finite min..max to 0..255 by default (NaN → 0)', () => {
    const png = decodePng(writePng({ shape: [2, 3], data: new Float64Array([0, 50, 100, NaN, 25, Infinity]) }));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([3, 2, 1, 8]);
    expect(Array.from(png.data)).toEqual([0, 128, 255, 0, 64, 255]);
  });

  it('uses the given range and clamps outside it', () => {
    const png = decodePng(writePng({ shape: [1, 1, 4], data: new Float32Array([-10, 0, 50, 300]) }, { range: [0, 200] }));
    expect(Array.from(png.data)).toEqual([0, 0, 64, 255]);
  });

  it('maps everything to 0 when the range is empty', () => {
    expect(Array.from(decodePng(writePng({ shape: [1, 2], data: new Float64Array([5, 5]) })).data)).toEqual([0, 0]);
  });

  it('interleaves [C, H, W] planes into RGB / RGBA / gray+alpha pixels', () => {
    const planes = (c: number) => Float64Array.from({ length: c * 2 * 3 }, (_, i) => (i * 37) % 256);
    for (const c of [1, 2, 3, 4]) {
      const data = planes(c);
      const png = decodePng(writePng({ shape: [c, 2, 3], data }, { range: [0, 255] }));
      expect(png.channels).toBe(c);
      const expected: number[] = [];
      for (let p = 0; p < 6; p++) for (let k = 0; k < c; k++) expected.push(data[k * 6 + p]!);
      expect(Array.from(png.data)).toEqual(expected);
      // And our own reader gives the planes back.
      const back = readOne(writePng({ shape: [c, 2, 3], data }, { range: [0, 255] }), 'w.png');
      expect(back.array.shape).toEqual([c, 2, 3]);
      sameValues(back.array.data, Float32Array.from(data));
    }
  });

  it('refuses shapes it cannot encode', () => {
    expect(() => writePng({ shape: [5, 2, 2], data: new Float64Array(20) })).toThrow(
      /PNG needs shape \[H, W\] or \[C, H, W\] with C = 1, 2, 3 or 4; got \[5, 2, 2\]/,
    );
    expect(() => writePng({ shape: [4], data: new Float64Array(4) })).toThrow(WriteError);
    expect(() => writePng({ shape: [0, 3], data: new Float64Array(0) })).toThrow(/at least 1×1/);
    expect(() => writePng({ shape: [2, 2], data: new Float64Array(3) })).toThrow(/needs 4 values/);
    expect(() => writePng({ shape: [2, 2], data: new Float64Array(4) }, { range: [0, Infinity] })).toThrow(/must be finite/);
  });
});

// ---- NumPy reads what we write

const PYTHON = '/usr/bin/python3';
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('NumPy loads our files', () => {
  // Only a developer machine without python3-numpy may skip this; CI installs it.
  it.skipIf(!hasNumpy && !process.env.CI)('np.load(writeNpy(a)) and np.loadtxt(writeCsv(a)) equal a exactly', () => {
    expect(hasNumpy, `${PYTHON} with numpy is required in CI`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'pooling-lens-io-'));
    try {
      const files = arrays.map((a, i) => {
        writeFileSync(join(dir, `a${i}.npy`), writeNpy(a));
        return `a${i}.npy`;
      });
      const matrix: NDArray = { shape: [2, 5], data: new Float64Array(SPECIALS) };
      writeFileSync(join(dir, 'm.csv'), writeCsv(matrix));
      const script = `
import json, sys, numpy as np
def enc(v):
    v = float(v)
    return repr(v)
out = {}
for f in sys.argv[2:]:
    a = np.load(sys.argv[1] + '/' + f)
    out[f] = {'shape': list(a.shape), 'dtype': a.dtype.str, 'fortran': bool(np.isfortran(a) and a.ndim > 1), 'values': [enc(v) for v in a.reshape(-1)]}
m = np.loadtxt(sys.argv[1] + '/m.csv', delimiter=',')
out['m.csv'] = {'shape': list(m.shape), 'dtype': m.dtype.str, 'fortran': False, 'values': [enc(v) for v in m.reshape(-1)]}
print(json.dumps(out))
`;
      const run = spawnSync(PYTHON, ['-c', script, dir, ...files], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const loaded = JSON.parse(run.stdout) as Record<string, { shape: number[]; dtype: string; fortran: boolean; values: string[] }>;
      const fromRepr = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));
      for (const [i, a] of arrays.entries()) {
        const got = loaded[`a${i}.npy`]!;
        expect(got.shape).toEqual(a.shape);
        expect(got.dtype).toBe(a.data instanceof Float32Array ? '<f4' : '<f8');
        expect(got.fortran).toBe(false);
        sameValues(got.values.map(fromRepr), Array.from(a.data));
      }
      expect(loaded['m.csv']!.shape).toEqual([2, 5]);
      sameValues(loaded['m.csv']!.values.map(fromRepr), matrix.data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
