import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/io/crc32';
import { ascii, concat, embedded, expectValues, expected, fixture, readError, readOne } from './helpers';

interface PngCase {
  file: string;
  shape: number[];
  dtype: string;
  bitDepth: number;
  channels: number;
  checkedBy: string[];
  values: number[];
}
const cases = expected<PngCase>('png');

describe('PNG fixtures (values checked by Pillow and/or ImageMagick)', () => {
  it('covers every colour type and bit depth, plain and interlaced', () => {
    const files = new Set(cases.map((c) => c.file));
    const combos = [
      'gray1',
      'gray2',
      'gray4',
      'gray8',
      'gray16',
      'graya8',
      'graya16',
      'rgb8',
      'rgb16',
      'rgba8',
      'rgba16',
      'palette1',
      'palette2',
      'palette4',
      'palette8',
    ];
    for (const combo of combos) {
      expect(files.has(`${combo}.png`), combo).toBe(true);
      expect(files.has(`${combo}_interlaced.png`), `${combo} interlaced`).toBe(true);
    }
  });

  for (const c of cases) {
    it(`decodes ${c.file} (${c.checkedBy.join(' + ')})`, () => {
      for (const bytes of [fixture('png', c.file), embedded(fixture('png', c.file))]) {
        const a = readOne(bytes, c.file);
        expect(a.array.shape).toEqual(c.shape);
        expect(a.array.data).toBeInstanceOf(Float32Array);
        expect(a.dtype).toBe(c.dtype);
        expect(a.image).toEqual({ width: c.shape[2], height: c.shape[1], channels: c.channels, bitDepth: c.bitDepth });
        expectValues(a.array.data, c.values, c.file);
      }
    });
  }
});

// ---- hand-made PNGs for the error paths

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0, compression = 0, filter = 0): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  d.set([depth, colorType, compression, filter, interlace], 8);
  return chunk('IHDR', d);
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = chunk('IEND', new Uint8Array(0));

/** A 2×2 8-bit gray PNG from raw scanlines (filter byte + 2 samples per row). */
function png(parts: Uint8Array[]): Uint8Array {
  return concat(SIGNATURE, ...parts);
}
const RAW_2x2 = new Uint8Array([0, 10, 20, 0, 30, 40]);
const idat = (raw: Uint8Array): Uint8Array => chunk('IDAT', zlibSync(raw));
const GOOD = png([ihdr(2, 2, 8, 0), idat(RAW_2x2), IEND]);
const pngError = (bytes: Uint8Array) => readError(() => readOne(bytes, 'p.png'), 'png').message;

describe('malformed PNG', () => {
  it('reads the hand-built baseline used below', () => {
    expect(Array.from(readOne(GOOD, 'p.png').array.data)).toEqual([10, 20, 30, 40]);
  });

  it('reports every truncation of real files as truncated', () => {
    for (const file of ['rgb8.png', 'palette2_interlaced.png', 'gray16.png']) {
      const bytes = fixture('png', file);
      for (let n = 1; n < bytes.length; n++) {
        expect(readError(() => readOne(bytes.subarray(0, n), file), 'png').message, `${file} cut at ${n}`).toMatch(/truncated/);
      }
    }
  });

  it('checks the CRC of critical chunks', () => {
    const bytes = GOOD.slice();
    bytes[8 + 25 + 10]! ^= 1; // inside the IDAT data
    expect(pngError(bytes)).toBe('p.png: the IDAT chunk at offset 33 fails its CRC check (the file is corrupt).');
  });

  it('validates IHDR', () => {
    expect(pngError(png([ihdr(2, 2, 3, 0), idat(RAW_2x2), IEND]))).toBe('p.png: IHDR declares bit depth 3, invalid for gray images (allowed: 1, 2, 4, 8, 16).');
    expect(pngError(png([ihdr(2, 2, 16, 3), idat(RAW_2x2), IEND]))).toMatch(/bit depth 16, invalid for palette images/);
    expect(pngError(png([ihdr(2, 2, 8, 5), idat(RAW_2x2), IEND]))).toBe('p.png: IHDR declares unknown colour type 5.');
    expect(pngError(png([ihdr(0, 2, 8, 0), idat(RAW_2x2), IEND]))).toBe('p.png: IHDR declares an invalid size 0×2.');
    expect(pngError(png([ihdr(2, 2, 8, 0, 2), idat(RAW_2x2), IEND]))).toMatch(/unknown interlace method 2/);
    expect(pngError(png([ihdr(2, 2, 8, 0, 0, 1), idat(RAW_2x2), IEND]))).toMatch(/unknown compression method 1/);
    expect(pngError(png([ihdr(2, 2, 8, 0, 0, 0, 1), idat(RAW_2x2), IEND]))).toMatch(/unknown filter method 1/);
    expect(pngError(png([chunk('IHDR', new Uint8Array(12)), IEND]))).toMatch(/IHDR chunk at offset 8 is 12 bytes, not 13/);
  });

  it('refuses huge dimensions before inflating anything', () => {
    expect(pngError(png([ihdr(100000, 100000, 8, 6), idat(RAW_2x2), IEND]))).toBe(
      'p.png: 100000×100000 image needs 149 GB in memory, over the 256 MB limit (raise the size limit setting to open it).',
    );
    expect(readError(() => readOne(fixture('png', 'rgb8.png'), 'p.png', { maxBytes: 100 }), 'png').message).toMatch(/7×5 image needs 420 B/);
  });

  it('stops inflating at the declared size: a zlib bomb in IDAT costs nothing', () => {
    const bomb = new Uint8Array(30_000_000); // row filter 0, zeros
    bomb.set([0, 7, 9, 0, 11, 13]);
    const a = readOne(png([ihdr(2, 2, 8, 0), idat(bomb), IEND]), 'p.png');
    expect(Array.from(a.array.data)).toEqual([7, 9, 11, 13]);
  });

  it('reports image data that ends early', () => {
    expect(pngError(png([ihdr(2, 3, 8, 0), idat(RAW_2x2), IEND]))).toBe('p.png: the image data ends early: 6 of 9 bytes (truncated or corrupt).');
    expect(pngError(png([ihdr(2, 2, 8, 0), chunk('IDAT', new Uint8Array([0x78, 0x9c, 0xff, 0xff])), IEND]))).toMatch(/corrupt compressed image data \(.+\)/);
  });

  it('rejects unknown row filters with the row', () => {
    expect(pngError(png([ihdr(2, 2, 8, 0), idat(new Uint8Array([0, 1, 2, 7, 3, 4])), IEND]))).toBe('p.png: row 1 has unknown filter type 7.');
  });

  it('checks palette images', () => {
    const plte = chunk('PLTE', new Uint8Array([1, 2, 3, 4, 5, 6]));
    expect(pngError(png([ihdr(2, 2, 8, 3), idat(new Uint8Array([0, 0, 1, 0, 1, 5])), IEND]))).toBe('p.png: a palette image without a PLTE chunk.');
    expect(pngError(png([ihdr(2, 2, 8, 3), plte, idat(new Uint8Array([0, 0, 1, 0, 1, 5])), IEND]))).toBe(
      'p.png: pixel (x=1, y=1) uses palette index 5 but the palette has 2 entries.',
    );
    expect(pngError(png([ihdr(2, 2, 8, 3), chunk('PLTE', new Uint8Array(4)), IEND]))).toMatch(/PLTE chunk at offset 33 is 4 bytes/);
  });

  it('checks chunk order and names', () => {
    expect(pngError(png([idat(RAW_2x2), IEND]))).toBe('p.png: the first chunk is IDAT at offset 8; a PNG must start with IHDR.');
    expect(pngError(png([ihdr(2, 2, 8, 0), IEND]))).toBe('p.png: no IDAT chunk: the file holds no image data.');
    expect(pngError(png([ihdr(2, 2, 8, 0), chunk('ABCD', new Uint8Array(1)), idat(RAW_2x2), IEND]))).toBe('p.png: unknown critical chunk ABCD at offset 33.');
    expect(pngError(png([ihdr(2, 2, 8, 0), chunk('a1cd', new Uint8Array(1)), idat(RAW_2x2), IEND]))).toMatch(/chunk type "a1cd" is not 4 letters/);
    expect(pngError(png([ihdr(2, 2, 8, 0), ihdr(2, 2, 8, 0), idat(RAW_2x2), IEND]))).toMatch(/a second IHDR chunk at offset 33/);
    // Unknown ancillary chunks (lower-case first letter) are skipped, even with a bad CRC.
    const ancillary = chunk('zzZz', new Uint8Array(3));
    ancillary[ancillary.length - 1]! ^= 0xff;
    expect(Array.from(readOne(png([ihdr(2, 2, 8, 0), ancillary, idat(RAW_2x2), IEND]), 'p.png').array.data)).toEqual([10, 20, 30, 40]);
  });

  it('rejects a chunk length beyond the file', () => {
    const bytes = GOOD.slice();
    new DataView(bytes.buffer).setUint32(33, 0x10000000);
    expect(pngError(bytes)).toMatch(/truncated: the IDAT chunk at offset 33 declares 268435456 bytes but the file ends at \d+/);
    new DataView(bytes.buffer).setUint32(33, 0x90000000);
    expect(pngError(bytes)).toMatch(/corrupt IDAT chunk at offset 33: length 2415919104 is too large/);
  });

  it('says what a mislabelled file is', () => {
    expect(readError(() => readOne(fixture('jpeg', 'rgb_baseline_444.jpg'), 'photo.png'), 'png').message).toBe(
      'photo.png: not a PNG image (signature \\x89PNG): the content looks like a JPEG image. Check the file or its extension.',
    );
  });
});
