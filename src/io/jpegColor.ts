/**
 * libjpeg(-turbo)'s chroma upsampling ("fancy", the default in Pillow and OpenCV) and its
 * integer YCbCr → RGB conversion, so our colour JPEGs match theirs up to IDCT rounding.
 * jpeg-js alone replicates chroma samples and converts in floating point, which differs by
 * up to ~15 levels on 4:2:0 images.
 */

/** Full-resolution plane (W×H) from a subsampled one (pw×ph), ratios 1 or 2 per axis. */
export function upsampleLikeLibjpeg(plane: Uint8Array, pw: number, ph: number, hRatio: 1 | 2, vRatio: 1 | 2, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  if (hRatio === 1 && vRatio === 1) {
    for (let y = 0; y < height; y++) out.set(plane.subarray(y * pw, y * pw + width), y * width);
    return out;
  }
  if (hRatio === 2 && pw <= 2) {
    // libjpeg replicates samples (no smoothing in either direction) for such narrow planes.
    for (let y = 0; y < height; y++) {
      const r = vRatio === 2 ? y >> 1 : y;
      for (let x = 0; x < width; x++) out[y * width + x] = plane[r * pw + (x >> 1)]!;
    }
    return out;
  }
  const row = new Int32Array(2 * pw); // one output row before cropping to `width`
  const sums = new Int32Array(pw);
  for (let y = 0; y < height; y++) {
    const r = vRatio === 2 ? y >> 1 : y;
    const below = vRatio === 2 && (y & 1) === 1;
    // Vertical step: 3/4 nearer row + 1/4 the next one (edge rows repeat), times 4.
    const near = plane.subarray(r * pw, r * pw + pw);
    if (vRatio === 2) {
      const r2 = below ? Math.min(r + 1, ph - 1) : Math.max(r - 1, 0);
      const far = plane.subarray(r2 * pw, r2 * pw + pw);
      for (let c = 0; c < pw; c++) sums[c] = near[c]! * 3 + far[c]!;
    } else {
      for (let c = 0; c < pw; c++) sums[c] = near[c]! * 4;
    }
    if (hRatio === 1) {
      // h1v2: (3·near + far + bias) >> 2, bias 1 above and 2 below.
      const bias = below ? 2 : 1;
      for (let c = 0; c < pw; c++) row[c] = vRatio === 2 ? (sums[c]! + bias) >> 2 : sums[c]! >> 2;
    } else if (vRatio === 2) {
      // h2v2: 9/16, 3/16, 3/16, 1/16 with libjpeg's alternating rounding (+8 / +7).
      row[0] = (sums[0]! * 4 + 8) >> 4;
      row[1] = (sums[0]! * 3 + sums[1]! + 7) >> 4;
      for (let c = 1; c < pw - 1; c++) {
        row[2 * c] = (sums[c]! * 3 + sums[c - 1]! + 8) >> 4;
        row[2 * c + 1] = (sums[c]! * 3 + sums[c + 1]! + 7) >> 4;
      }
      const c = pw - 1;
      row[2 * c] = (sums[c]! * 3 + sums[c - 1]! + 8) >> 4;
      row[2 * c + 1] = (sums[c]! * 4 + 7) >> 4;
    } else {
      // h2v1 on the row itself (sums hold 4·sample).
      const s = (c: number): number => sums[c]! >> 2;
      row[0] = s(0);
      row[1] = (s(0) * 3 + s(1) + 2) >> 2;
      for (let c = 1; c < pw - 1; c++) {
        row[2 * c] = (s(c) * 3 + s(c - 1) + 1) >> 2;
        row[2 * c + 1] = (s(c) * 3 + s(c + 1) + 2) >> 2;
      }
      const c = pw - 1;
      row[2 * c] = (s(c) * 3 + s(c - 1) + 1) >> 2;
      row[2 * c + 1] = s(c);
    }
    for (let x = 0; x < width; x++) out[y * width + x] = row[x]!;
  }
  return out;
}

const SCALE = 16;
const HALF = 1 << (SCALE - 1);
const fix = (x: number): number => Math.round(x * (1 << SCALE));
let tables: { crR: Int32Array; cbB: Int32Array; crG: Int32Array; cbG: Int32Array } | undefined;

function colorTables(): NonNullable<typeof tables> {
  if (tables) return tables;
  const crR = new Int32Array(256);
  const cbB = new Int32Array(256);
  const crG = new Int32Array(256);
  const cbG = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    const x = i - 128;
    crR[i] = (fix(1.402) * x + HALF) >> SCALE;
    cbB[i] = (fix(1.772) * x + HALF) >> SCALE;
    crG[i] = -fix(0.71414) * x;
    cbG[i] = -fix(0.34414) * x + HALF;
  }
  tables = { crR, cbB, crG, cbG };
  return tables;
}

/** libjpeg's jdcolor.c ycc_rgb_convert, writing planar R, G, B into `out` (3·n values). */
export function yccToRgbLikeLibjpeg(y: Uint8Array, cb: Uint8Array, cr: Uint8Array, out: Float32Array): void {
  const { crR, cbB, crG, cbG } = colorTables();
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const l = y[i]!;
    const b = cb[i]!;
    const r = cr[i]!;
    out[i] = clamp(l + crR[r]!);
    out[n + i] = clamp(l + ((cbG[b]! + crG[r]!) >> SCALE));
    out[2 * n + i] = clamp(l + cbB[b]!);
  }
}

function clamp(v: number): number {
  return Math.min(255, Math.max(0, v));
}
