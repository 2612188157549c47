import { describe, expect, it } from 'vitest';
import { exifOrientation } from '../../src/io/exifOrientation';
import { ascii, embedded, expected, expectValues, fixture, readError, readOne } from './helpers';

interface JpegCase {
  file: string;
  shape: number[];
  progressive: boolean;
  subsampling: string;
  values: number[];
}
const cases = expected<JpegCase>('jpeg');

/*
 * Expected values are Pillow's (libjpeg-turbo) decoding, and ours are libjpeg-turbo's too
 * (ISLOW IDCT, fancy upsampling, its colour tables): every value equal. (jpeg-js, used before,
 * differed by up to 3 levels on ~13% of colour values.)
 */
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
    it(`decodes ${c.file} exactly as Pillow`, () => {
      for (const bytes of [fixture('jpeg', c.file), embedded(fixture('jpeg', c.file))]) {
        const a = readOne(bytes, c.file);
        expect(a.array.shape).toEqual(c.shape);
        expect(a.dtype).toBe('uint8');
        expect(a.image).toEqual({ width: c.shape[2], height: c.shape[1], channels: c.shape[0], bitDepth: 8 });
        expectValues(a.array.data, c.values, c.file);
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
    // A marker in the middle of the scan data: the data after it is not a segment; we report it.
    bytes.set([0xff, 0xc4, 0x00, 0x02], sos + 2 + length + 20);
    expect(jpegError(bytes)).toMatch(/^j\.jpg: (cannot decode the JPEG data: .+|corrupt: .+|truncated: .+)$/);
  });

  it('refuses images over the size limit before decoding', () => {
    const big = withByte(withByte(withByte(withByte(base, sof + 5, 0xff), sof + 6, 0xff), sof + 7, 0xff), sof + 8, 0xff);
    expect(jpegError(big)).toMatch(/65535×65535×3 image needs 49151 MB in memory, over the 256 MB limit/);
    expect(jpegError(base, 1000)).toMatch(/20×13×3 image needs 3120 B in memory, over the 1000 B limit/);
  });

  it('refuses a thin image whose padded blocks need more working memory than the limit', () => {
    // 1×2000 at 4:2:0: the output is 24 KB, but every 16×16 MCU is kept whole while decoding.
    const thin = withByte(withByte(withByte(withByte(base, sof + 5, 2000 >> 8), sof + 6, 2000 & 255), sof + 7, 0), sof + 8, 1);
    expect(jpegError(thin, 50_000)).toMatch(/^j\.jpg: decoding this 1×2000 image needs 141 KB of working memory, over the 48\.8 KB limit/);
  });

  it('refuses sampling factors that need fractional upsampling, as libjpeg does', () => {
    expect(jpegError(withByte(withByte(base, sof + 11, 0x32), sof + 14, 0x21))).toMatch(/sampling factors 3×2, 2×1, 1×1 need fractional upsampling/);
  });

  it('refuses a file with more scans than any real JPEG has, instead of walking the image thousands of times', () => {
    const prog = fixture('jpeg', 'gray_progressive.jpg');
    const id = prog[markerOffset(prog, 0xc2) + 10]!;
    // A DC refinement scan (Ss=Se=0, Ah=1, Al=0) with one byte of data, 1001 times.
    const scan = [0xff, 0xda, 0x00, 0x08, 0x01, id, 0x00, 0x00, 0x00, 0x10, 0x00];
    const many = new Uint8Array([...prog.subarray(0, prog.length - 2), ...Array.from({ length: 1001 }, () => scan).flat(), 0xff, 0xd9]);
    expect(jpegError(many)).toBe('j.jpg: corrupt: more than 1000 scans (a progressive JPEG has about 10).');
  });

  it('says what a mislabelled file is', () => {
    expect(jpegError(fixture('png', 'rgb8.png'))).toBe(
      'j.jpg: not a JPEG image (marker FF D8): the content looks like a PNG image. Check the file or its extension.',
    );
  });
});

describe('EXIF orientation', () => {
  // "Exif\0\0" + TIFF header + IFD0 with one entry: tag 0x0112, type SHORT, count 1, value.
  const app1 = (order: 'II' | 'MM', type: number, value: number): Uint8Array => {
    const le = order === 'II';
    const u16 = (v: number) => (le ? [v & 255, v >> 8] : [v >> 8, v & 255]);
    const u32 = (v: number) => (le ? [...u16(v & 0xffff), ...u16(v >>> 16)] : [...u16(v >>> 16), ...u16(v & 0xffff)]);
    return new Uint8Array([
      ...ascii('Exif'),
      0,
      0,
      ...ascii(order),
      ...u16(42),
      ...u32(8),
      ...u16(1),
      ...u16(0x0112),
      ...u16(type),
      ...u32(1),
      ...u16(value),
      0,
      0,
      ...u32(0),
    ]);
  };

  it('reads the orientation in either byte order', () => {
    expect(exifOrientation(app1('II', 3, 6))).toBe(6);
    expect(exifOrientation(app1('MM', 3, 8))).toBe(8);
  });

  it('ignores malformed or out-of-range orientations instead of failing', () => {
    expect(exifOrientation(app1('II', 4, 6))).toBeUndefined(); // LONG, not SHORT
    expect(exifOrientation(app1('II', 3, 9))).toBeUndefined();
    expect(exifOrientation(app1('MM', 3, 6).subarray(0, 20))).toBeUndefined(); // cut inside the entry
    expect(exifOrientation(ascii('Exif\0\0XX'))).toBeUndefined();
  });
});
