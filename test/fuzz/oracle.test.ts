// The fuzzer's own parts: an oracle that cannot fail, or inputs that cannot be rebuilt, would make the fuzz run worthless.
import { describe, expect, it } from 'vitest';
import { ReadError } from '../../src/io';
import { arm, disarm, installAllocationTracker } from './alloc';
import { NPY_MUTATORS, PNG_MUTATORS, fixPngCrcs } from './binary';
import { checkArrays, checkLiteral, runOne } from './check';
import { loadCorpus } from './corpus';
import { FORMATS, makeInput } from './inputs';
import { Rng } from './rng';

const f64 = (n: number): Float64Array => new Float64Array(n);

describe('checkArrays', () => {
  const good = { name: 'a', dtype: 'float64', array: { shape: [2, 3], data: f64(6) } };
  it('accepts well-formed arrays', () => {
    expect(checkArrays([good], 1024)).toBeUndefined();
  });
  it.each([
    ['data shorter than the shape', [{ ...good, array: { shape: [2, 3], data: f64(5) } }], 'data.length 5'],
    ['a negative dimension', [{ ...good, array: { shape: [-1], data: f64(0) } }], 'bad shape'],
    ['a missing dtype', [{ ...good, dtype: '' }], 'dtype'],
    ['plain number arrays', [{ ...good, array: { shape: [1], data: [1] } }], 'Float32Array'],
    [
      'image metadata that disagrees with the shape',
      [{ ...good, array: { shape: [1, 2, 3], data: f64(6) }, image: { width: 2, height: 3, channels: 1, bitDepth: 8 } }],
      'does not match',
    ],
    [
      'pixels outside the bit depth',
      [{ ...good, array: { shape: [1, 1, 1], data: Float64Array.of(256) }, image: { width: 1, height: 1, channels: 1, bitDepth: 8 } }],
      'outside 0..255',
    ],
    ['a failed member that is not a ReadError', [{ ...good, array: { shape: [0], data: f64(0) }, error: new Error('x') }], 'not a ReadError'],
    ['more bytes than the limit', [good, good], 'over maxBytes'],
    ['no arrays', [], 'no arrays'],
  ])('flags %s', (_what, arrays, text) => {
    expect(checkArrays(arrays, 60)).toContain(text);
  });
  it('accepts a failed .npz member carrying a ReadError', () => {
    expect(checkArrays([good, { ...good, array: { shape: [0], data: f64(0) }, error: new ReadError('npz', 'x') }], 1024)).toBeUndefined();
  });
});

describe('checkLiteral', () => {
  const found = { array: { shape: [2], data: f64(2) }, start: 2, end: 8 };
  it('accepts undefined and a literal around the offset', () => {
    expect(checkLiteral(undefined, 'x = [1, 2]', 3)).toBeUndefined();
    expect(checkLiteral(found, 'x = [1, 2]', 3)).toBeUndefined();
  });
  it('flags a range that misses the offset or a bad array', () => {
    expect(checkLiteral(found, 'x = [1, 2]', 9)).toContain('does not contain offset');
    expect(checkLiteral({ ...found, array: { shape: [3], data: f64(2) } }, 'x = [1, 2]', 3)).toContain('data.length');
  });
});

describe('runOne', () => {
  it('a ReadError naming the file is a rejection, arrays are ok', () => {
    const bad = runOne({ kind: 'read', format: 'csv', fileName: 'a.csv', bytes: new TextEncoder().encode('1,x\n'), recipe: '' }, 1 << 20);
    expect(bad.status).toBe('rejected');
    const ok = runOne({ kind: 'read', format: 'csv', fileName: 'a.csv', bytes: new TextEncoder().encode('1,2\n3,4\n'), recipe: '' }, 1 << 20);
    expect(ok.status).toBe('ok');
  });
  it('an array over the reader limit is refused by the reader, not by the oracle', () => {
    const out = runOne({ kind: 'read', format: 'csv', fileName: 'a.csv', bytes: new TextEncoder().encode('1,2\n3,4\n'), recipe: '' }, 16);
    expect(out.status).toBe('rejected');
  });
});

describe('allocation tracker', () => {
  it('records and refuses an allocation over the bound while armed, and only then', () => {
    installAllocationTracker();
    arm(1024);
    expect(() => new Float64Array(1 << 20)).toThrow(RangeError);
    expect(() => new ArrayBuffer(4096)).toThrow(RangeError);
    const small = new Uint8Array(100);
    const seen = disarm();
    expect(seen.violation).toContain('Float64Array');
    expect(seen.largest).toBe(8 << 20);
    expect(small).toBeInstanceOf(Uint8Array);
    expect(new Float64Array(1 << 20).length).toBe(1 << 20); // disarmed: allowed
  });
});

describe('inputs', () => {
  const corpus = loadCorpus();
  it('has seed files for every format', () => {
    for (const f of FORMATS) expect(corpus[f].length, f).toBeGreaterThan(0);
  });
  it('are rebuilt identically from (seed, format, index), and differ between indices', () => {
    for (const f of FORMATS) {
      const a = makeInput(f, 7, 123, corpus);
      const b = makeInput(f, 7, 123, corpus);
      expect(b, f).toEqual(a);
      const others = [124, 125, 126, 127].map((i) => makeInput(f, 7, i, corpus));
      expect(
        others.some((o) => JSON.stringify(o) !== JSON.stringify(a)),
        f,
      ).toBe(true);
    }
  });
  it('npy header mutations change the declared numbers and keep the length field consistent', () => {
    const npy = corpus.npy.find((c) => c.name.endsWith('c_f4_3d.npy'))!.bytes;
    const headerNumber = NPY_MUTATORS.find(([n]) => n === 'npy-header-number')![1];
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      const out = headerNumber(npy, new Rng(i + 1));
      if (out && out.length !== npy.length) changed++;
      if (out && out.length !== npy.length) {
        const len = out[8]! | (out[9]! << 8);
        expect(10 + len).toBeLessThanOrEqual(out.length);
      }
    }
    expect(changed).toBeGreaterThan(0);
  });
  it('PNG mutations re-sign the chunks so damage reaches the decoder', () => {
    const png = corpus.png.find((c) => c.name.endsWith('rgb8.png'))!.bytes;
    const damaged = png.slice();
    damaged[16 + 3]! ^= 1; // IHDR width, CRC now wrong
    expect(fixPngCrcs(damaged)).not.toEqual(damaged);
    expect(fixPngCrcs(png)).toEqual(png);
    const ihdr = PNG_MUTATORS.find(([n]) => n === 'png-ihdr')![1](png, new Rng(3))!;
    expect(fixPngCrcs(ihdr)).toEqual(ihdr);
  });
});
