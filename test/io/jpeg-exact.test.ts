import { describe, expect, it } from 'vitest';
import { expected, fixture, readError, readOne } from './helpers';

interface ExactCase {
  file: string;
  expected: string;
  kind: string;
  shape: number[];
  note: string;
}
const cases = expected<ExactCase>('jpeg_exact');

/*
 * Every JPEG in fixtures/io/jpeg-exact decodes to exactly the pixels Pillow 9.4 (libjpeg-turbo
 * 2.1.5, as OpenCV) gives, stored losslessly as PNG by gen_jpeg_exact.py (turned upright by
 * ImageOps.exif_transpose where the file has an EXIF orientation, as OpenCV's imread does).
 */
describe('JPEG decoding is bit-exact with libjpeg-turbo (Pillow)', () => {
  it('covers every class of JPEG we claim', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    for (const k of [
      'real photo',
      'baseline 4:4:4',
      'baseline 4:2:2',
      'baseline 4:2:0',
      'progressive 4:4:4',
      'progressive 4:2:2',
      'progressive 4:2:0',
      'baseline 4:4:0',
      'baseline 4:1:1',
      'gray',
      'restart markers',
      'odd size',
      'baseline RGB',
      'baseline multi-scan',
      'EXIF orientation',
      'cut data',
    ]) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.file} (${c.kind}: ${c.note})`, () => {
      const got = readOne(fixture('jpeg-exact', c.file), c.file);
      const want = readOne(fixture('jpeg-exact', c.expected), c.expected);
      expect(got.array.shape).toEqual(c.shape);
      expect(want.array.shape).toEqual(c.shape);
      expect(got.dtype).toBe('uint8');
      const [channels, height, width] = c.shape as [number, number, number];
      const plane = height * width;
      let differing = 0;
      let first = '';
      for (let i = 0; i < got.array.data.length; i++) {
        if (got.array.data[i] !== want.array.data[i]) {
          if (differing++ === 0) {
            const ch = Math.floor(i / plane);
            const y = Math.floor((i % plane) / width);
            first = `channel ${ch} of ${channels}, row ${y}, column ${i % width}: ${got.array.data[i]} instead of ${want.array.data[i]}`;
          }
        }
      }
      expect(differing, `${differing} values differ from Pillow's; first at ${first}`).toBe(0);
    });
  }

  it('refuses a progressive JPEG cut before its last scans, which libjpeg would smooth', () => {
    expect(readError(() => readOne(fixture('jpeg-exact', 'cut_progressive_420.jpg'), 'p.jpg'), 'jpeg').message).toMatch(
      /^p\.jpg: this progressive JPEG ends before its last scans \(a partial download\?\)\. libjpeg, and so Pillow and OpenCV, guess the missing detail by block smoothing/,
    );
  });

  it('refuses CMYK JPEGs with a message that says what to do', () => {
    expect(readError(() => readOne(fixture('jpeg-exact', 'cmyk.jpg'), 'cmyk.jpg'), 'jpeg').message).toBe(
      'cmyk.jpg: CMYK JPEG is not supported (Pillow keeps it as inverted CMYK, OpenCV converts it to BGR its own way): convert it to RGB first.',
    );
  });
});
