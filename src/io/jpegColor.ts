/**
 * libjpeg(-turbo)'s chroma upsampling ("fancy", the default in Pillow and OpenCV; never the
 * "merged" upsampler, which libjpeg only picks when fancy upsampling is off) and its integer
 * YCbCr → RGB conversion (jdcolor.c), so our colour JPEGs match theirs bit for bit.
 */

/** A component plane being enlarged to full resolution, row range by row range (upsampleRows). */
export interface Upsampling {
  /** The full-resolution plane; its rows are final once upsampleRows has written them. */
  plane: Plane;
  source: Uint8Array;
  sourceStride: number;
  pw: number;
  ph: number;
  hRatio: number;
  vRatio: number;
  width: number;
  /** Scratch: one output row before cropping to `width`, and the vertical sums of a row. */
  row: Int32Array;
  sums: Int32Array;
}

/**
 * Enlarging a component plane of pw×ph samples stored with row stride `stride` by
 * hRatio×vRatio to width×height, as libjpeg's jdsample.c does with do_fancy_upsampling (its
 * default, and Pillow's and OpenCV's): the triangle filters for 2×1, 1×2 and 2×2 (2×1 and 2×2
 * only on planes wider than 2 samples), sample replication for every other integral ratio.
 * Undefined when the plane is already full resolution. upsampleRows does the work.
 */
export function upsampling(
  source: Uint8Array,
  stride: number,
  pw: number,
  ph: number,
  hRatio: number,
  vRatio: number,
  width: number,
  height: number,
): Upsampling | undefined {
  if (hRatio === 1 && vRatio === 1) return undefined;
  return {
    plane: { data: new Uint8Array(width * height), stride: width },
    source,
    sourceStride: stride,
    pw,
    ph,
    hRatio,
    vRatio,
    width,
    row: new Int32Array(2 * pw),
    sums: new Int32Array(pw),
  };
}

/** Writes full-resolution rows [rowStart, rowEnd) of an upsampling. */
export function upsampleRows(u: Upsampling, rowStart: number, rowEnd: number): void {
  const { source: plane, sourceStride: stride, pw, ph, hRatio, vRatio, width, row, sums } = u;
  const out = u.plane.data;
  const fancyH = hRatio === 2 && pw > 2 && (vRatio === 1 || vRatio === 2);
  const fancyV = hRatio === 1 && vRatio === 2;
  if (!fancyH && !fancyV) {
    for (let y = rowStart; y < rowEnd; y++) {
      const r = Math.floor(y / vRatio) * stride;
      for (let x = 0; x < width; x++) out[y * width + x] = plane[r + Math.floor(x / hRatio)]!;
    }
    return;
  }
  for (let y = rowStart; y < rowEnd; y++) {
    const r = vRatio === 2 ? y >> 1 : y;
    const below = vRatio === 2 && (y & 1) === 1;
    // Vertical step: 3/4 nearer row + 1/4 the next one (edge rows repeat), times 4.
    const near = r * stride;
    if (vRatio === 2) {
      const far = (below ? Math.min(r + 1, ph - 1) : Math.max(r - 1, 0)) * stride;
      for (let c = 0; c < pw; c++) sums[c] = plane[near + c]! * 3 + plane[far + c]!;
    } else {
      for (let c = 0; c < pw; c++) sums[c] = plane[near + c]! * 4;
    }
    if (hRatio === 1) {
      // h1v2: (3·near + far + bias) >> 2, bias 1 above and 2 below.
      const bias = below ? 2 : 1;
      for (let x = 0; x < width; x++) out[y * width + x] = (sums[x]! + bias) >> 2;
      continue;
    }
    if (vRatio === 2) {
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

/** Samples of one component at full resolution: `width` per row, rows `stride` apart. */
export interface Plane {
  data: Uint8Array;
  stride: number;
}

/** libjpeg's range_limit for the colour converter: index v + 384 gives v clamped to 0..255. */
const CLAMP = (() => {
  const t = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) t[i] = Math.min(255, Math.max(0, i - 384));
  return t;
})();

/** libjpeg's jdcolor.c ycc_rgb_convert of rows [rowStart, rowEnd), writing planar R, G, B into `out` (3·width·height values). */
export function yccToRgbLikeLibjpeg(
  y: Plane,
  cb: Plane,
  cr: Plane,
  width: number,
  height: number,
  out: Float32Array | Uint8Array,
  rowStart: number,
  rowEnd: number,
): void {
  const { crR, cbB, crG, cbG } = colorTables();
  const n = width * height;
  const clamp = CLAMP;
  const yd = y.data;
  const bd = cb.data;
  const rd = cr.data;
  const red = out.subarray(0, n);
  const green = out.subarray(n, 2 * n);
  const blue = out.subarray(2 * n, 3 * n);
  for (let row = rowStart; row < rowEnd; row++) {
    const yo = row * y.stride;
    const bo = row * cb.stride;
    const ro = row * cr.stride;
    const o = row * width;
    for (let x = 0; x < width; x++) {
      const l = yd[yo + x]! + 384;
      const b = bd[bo + x]!;
      const r = rd[ro + x]!;
      red[o + x] = clamp[l + crR[r]!]!;
      green[o + x] = clamp[l + ((cbG[b]! + crG[r]!) >> SCALE)]!;
      blue[o + x] = clamp[l + cbB[b]!]!;
    }
  }
}

/** Copies rows [rowStart, rowEnd) of a plane into channel `channel` of `out` (planar, width·height per channel). */
export function copyPlane(p: Plane, width: number, height: number, out: Float32Array | Uint8Array, channel: number, rowStart: number, rowEnd: number): void {
  const base = channel * width * height;
  for (let row = rowStart; row < rowEnd; row++) {
    const src = row * p.stride;
    const dst = base + row * width;
    for (let x = 0; x < width; x++) out[dst + x] = p.data[src + x]!;
  }
}
