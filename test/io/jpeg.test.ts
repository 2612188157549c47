import { describe, expect, it } from 'vitest';
import { embedded, expected, fixture, readError, readOne } from './helpers';

interface JpegCase {
  file: string;
  shape: number[];
  progressive: boolean;
  subsampling: string;
  values: number[];
}
const cases = expected<JpegCase>('jpeg');

/*
 * Expected values are Pillow's (libjpeg-turbo) decoding. jpeg-js's IDCT rounds differently,
 * so values may differ: measured on these fixtures and on 257×383 photos, gray by at most 1
 * level (~93% exact), colour by at most 3 (~87% exact) for 4:4:4, 4:2:2, 4:2:0 and 4:4:0
 * alike, because chroma upsampling and colour conversion are libjpeg's own. With jpeg-js's
 * conversion alone, 4:2:0 differed by up to 15 levels (mean 3.6).
 */
const TOLERANCE = { gray: { max: 1, mean: 0.2 }, colour: { max: 3, mean: 0.6 } };

describe('JPEG fixtures written by Pillow (libjpeg)', () => {
  it('covers baseline and progressive, gray and colour, every common chroma subsampling', () => {
    const kinds = new Set(cases.map((c) => `${c.progressive ? 'progressive' : 'baseline'} ${c.subsampling}`));
    for (const k of [
      'baseline gray',
      'progressive gray',
      'baseline 4:4:4',
      'progressive 4:4:4',
      'baseline 4:2:0',
      'progressive 4:2:0',
      'baseline 4:2:2',
      'baseline 4:4:0',
    ]) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  for (const c of cases) {
    it(`decodes ${c.file} within the tolerance`, () => {
      for (const bytes of [fixture('jpeg', c.file), embedded(fixture('jpeg', c.file))]) {
        const a = readOne(bytes, c.file);
        expect(a.array.shape).toEqual(c.shape);
        expect(a.dtype).toBe('uint8');
        expect(a.image).toEqual({ width: c.shape[2], height: c.shape[1], channels: c.shape[0], bitDepth: 8 });
        const tol = c.shape[0] === 1 ? TOLERANCE.gray : TOLERANCE.colour;
        let max = 0;
        let sum = 0;
        for (let i = 0; i < c.values.length; i++) {
          const d = Math.abs(a.array.data[i]! - c.values[i]!);
          max = Math.max(max, d);
          sum += d;
        }
        expect(max, `${c.file}: largest difference from Pillow`).toBeLessThanOrEqual(tol.max);
        expect(sum / c.values.length, `${c.file}: mean difference from Pillow`).toBeLessThanOrEqual(tol.mean);
      }
    });
  }
});

function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
}

function markerOffset(bytes: Uint8Array, marker: number): number {
  for (let i = 2; i < bytes.length - 1; i++) if (bytes[i] === 0xff && bytes[i + 1] === marker) return i;
  throw new Error(`marker ${marker.toString(16)} not found`);
}

const jpegError = (bytes: Uint8Array, maxBytes?: number) =>
  readError(() => readOne(bytes, 'j.jpg', maxBytes === undefined ? undefined : { maxBytes }), 'jpeg').message;

describe('malformed JPEG', () => {
  const base = fixture('jpeg', 'rgb_baseline_420.jpg');
  const sof = markerOffset(base, 0xc0);

  it('reports every truncation as truncated', () => {
    for (const file of ['rgb_baseline_420.jpg', 'gray_progressive.jpg']) {
      const bytes = fixture('jpeg', file);
      for (let n = 1; n < bytes.length; n++) {
        expect(readError(() => readOne(bytes.subarray(0, n), file), 'jpeg').message, `${file} cut at ${n}`).toMatch(/truncated/);
      }
    }
  });

  it('names unsupported coding processes', () => {
    expect(jpegError(withByte(base, sof + 1, 0xc3))).toBe('j.jpg: lossless JPEG (SOF marker 0xFFC3) is not supported; only baseline and progressive JPEG are.');
    expect(jpegError(withByte(base, sof + 1, 0xc9))).toMatch(/arithmetic-coded JPEG \(SOF marker 0xFFC9\) is not supported/);
    expect(jpegError(withByte(base, sof + 4, 12))).toBe('j.jpg: 12-bit JPEG is not supported; only 8-bit samples are.');
  });

  it('checks the frame header', () => {
    expect(jpegError(withByte(withByte(base, sof + 5, 0), sof + 6, 0))).toMatch(/declares size 20×0/);
    expect(jpegError(withByte(base, sof + 9, 2))).toMatch(/declares 2 components; 1, 3 or 4 are supported/);
    expect(jpegError(withByte(base, sof + 11, 0x50))).toMatch(/declares sampling factors 5×0 for component 1/);
  });

  it('requires a frame and a scan', () => {
    const sos = markerOffset(base, 0xda);
    expect(jpegError(withByte(base, sof + 1, 0xfe))).toBe(`j.jpg: a scan at offset ${sos} before any frame header.`);
    expect(jpegError(withByte(base, sos + 1, 0xfe))).toMatch(/^j\.jpg: corrupt: expected a marker at offset \d+, found 0x[0-9a-f]{2}\.$/);
    const noScan = new Uint8Array([...base.subarray(0, sos), 0xff, 0xd9]);
    expect(jpegError(noScan)).toBe('j.jpg: no image data (SOS marker) found.');
    const noFrame = new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x04, 0x41, 0x42, 0xff, 0xd9]);
    expect(jpegError(noFrame)).toBe('j.jpg: no frame header (SOF marker) found.');
  });

  it('wraps decoder failures on corrupt entropy-coded data', () => {
    const sos = markerOffset(base, 0xda);
    const bytes = base.slice();
    const length = (bytes[sos + 2]! << 8) | bytes[sos + 3]!;
    // A marker in the middle of the scan data: jpeg-js fails, we report it.
    bytes.set([0xff, 0xc4, 0x00, 0x02], sos + 2 + length + 20);
    expect(jpegError(bytes)).toMatch(/^j\.jpg: (cannot decode the JPEG data: .+|corrupt: .+|truncated: .+)$/);
  });

  it('refuses images over the size limit before decoding', () => {
    const big = withByte(withByte(withByte(withByte(base, sof + 5, 0xff), sof + 6, 0xff), sof + 7, 0xff), sof + 8, 0xff);
    expect(jpegError(big)).toMatch(/65535×65535×3 image needs 48\.0 GB in memory, over the 256 MB limit/);
    expect(jpegError(base, 1000)).toMatch(/20×13×3 image needs 3\.0 KB/);
  });

  it('says what a mislabelled file is', () => {
    expect(jpegError(fixture('png', 'rgb8.png'))).toBe(
      'j.jpg: not a JPEG image (marker FF D8): the content looks like a PNG image. Check the file or its extension.',
    );
  });
});
