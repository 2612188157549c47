/**
 * EXIF orientation (tag 0x0112): how a camera says its stored pixels must be turned to be seen
 * upright. OpenCV's imread applies it by default (and so do browsers and VS Code's image
 * preview); Pillow does not unless asked (ImageOps.exif_transpose). We follow OpenCV.
 */

/** The orientation (1–8) in an APP1 segment body, or undefined if it has none or is malformed. */
export function exifOrientation(app1: Uint8Array): number | undefined {
  // "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0.
  if (app1.length < 14 || app1[0] !== 0x45 || app1[1] !== 0x78 || app1[2] !== 0x69 || app1[3] !== 0x66 || app1[4] !== 0 || app1[5] !== 0) return undefined;
  const tiff = app1.subarray(6);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const u16 = (o: number): number => (little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number): number => (little ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + 12 * i;
    if (e + 12 > tiff.length) return undefined;
    if (u16(e) !== 0x0112) continue;
    if (u16(e + 2) !== 3 || u32(e + 4) < 1) return undefined; // SHORT, at least one value
    const v = u16(e + 8);
    return v >= 1 && v <= 8 ? v : undefined;
  }
  return undefined;
}

/** The size of an image of height×width once turned upright for `orientation` (5–8 swap height and width). */
export function orientedSize(height: number, width: number, orientation: number): { height: number; width: number } {
  return orientation >= 5 ? { height: width, width: height } : { height, width };
}

/**
 * Per orientation, from the offsets of the last row and of the last column and the row length:
 * where output pixel (0, 0) comes from, and how far the source moves per output row and column.
 */
const ORIENTATION_STEPS: Record<number, (lastRow: number, lastColumn: number, width: number) => [number, number, number]> = {
  1: (_r, _c, w) => [0, w, 1],
  2: (_r, c, w) => [c, w, -1], // mirror left-right
  3: (r, c, w) => [r + c, -w, -1], // rotate 180°
  4: (r, _c, w) => [r, -w, 1], // mirror top-bottom
  5: (_r, _c, w) => [0, 1, w], // transpose
  6: (r, _c, w) => [r, 1, -w], // rotate 90° clockwise
  7: (r, c, w) => [r + c, -1, -w], // transverse
  8: (_r, c, w) => [c, -1, w], // rotate 90° counter-clockwise
};

const BAND = 16;

/**
 * Rows [rowStart, rowEnd) of the upright image (orientedSize), every channel: [C, H, W] pixels
 * `data` of height×width turned for `orientation` into `out` (as long as `data`).
 */
export function orientRows(
  data: Uint8Array,
  out: Float32Array,
  channels: number,
  height: number,
  width: number,
  orientation: number,
  rowStart: number,
  rowEnd: number,
): void {
  const outW = orientation >= 5 ? height : width;
  const plane = height * width;
  // Source offset of output pixel (y, x) = origin + y·stepY + x·stepX (as Pillow's exif_transpose and OpenCV).
  const last = height - 1;
  const right = width - 1;
  const [origin, stepY, stepX] = ORIENTATION_STEPS[orientation]!(last * width, right, width);
  for (let c = 0; c < channels; c++) {
    const src = c * plane + origin;
    const dst = c * plane;
    if (stepX === 1 || stepX === -1) {
      for (let y = rowStart; y < rowEnd; y++) {
        let i = src + y * stepY;
        const o = dst + y * outW;
        for (let x = 0; x < outW; x++, i += stepX) out[o + x] = data[i]!;
      }
      continue;
    }
    // Turned a quarter: an output row is a source column. Bands of BAND output rows, column by
    // column, read BAND neighbouring source bytes at a time instead of one per source row (4096²
    // orientation 6: 370 -> 250 ms; a mirror or 180° turn, row by row, takes 140 ms).
    for (let y0 = rowStart; y0 < rowEnd; y0 += BAND) {
      const y1 = Math.min(rowEnd, y0 + BAND);
      for (let x = 0; x < outW; x++) {
        let i = src + y0 * stepY + x * stepX;
        for (let o = dst + y0 * outW + x, e = dst + y1 * outW; o < e; o += outW, i += stepY) out[o] = data[i]!;
      }
    }
  }
}
