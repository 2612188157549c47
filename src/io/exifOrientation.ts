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
  for (let c = 0; c < channels; c++) {
    const src = c * plane;
    const dst = c * plane;
    for (let y = rowStart; y < rowEnd; y++) {
      for (let x = 0; x < outW; x++) {
        // Source row and column of output pixel (y, x) (as Pillow's exif_transpose and OpenCV).
        let sy: number;
        let sx: number;
        switch (orientation) {
          case 2:
            sy = y;
            sx = width - 1 - x;
            break; // mirror left-right
          case 3:
            sy = height - 1 - y;
            sx = width - 1 - x;
            break; // rotate 180°
          case 4:
            sy = height - 1 - y;
            sx = x;
            break; // mirror top-bottom
          case 5:
            sy = x;
            sx = y;
            break; // transpose
          case 6:
            sy = height - 1 - x;
            sx = y;
            break; // rotate 90° clockwise
          case 7:
            sy = height - 1 - x;
            sx = width - 1 - y;
            break; // transverse
          default:
            sy = x;
            sx = width - 1 - y;
            break; // 8: rotate 90° counter-clockwise
        }
        out[dst + y * outW + x] = data[src + sy * width + sx]!;
      }
    }
  }
}
