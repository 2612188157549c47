/**
 * libjpeg(-turbo)'s "ISLOW" inverse DCT (jidctint.c, jpeg_idct_islow): the method Pillow and
 * OpenCV decode with, so our samples equal theirs bit for bit. Integer Loeffler–Ligtenberg–
 * Moschytz with 13-bit constants and 2 extra bits between the passes. C computes in 64-bit
 * `JLONG`; JS doubles hold those products exactly, and the shifts are done by exact
 * power-of-two scaling so that even absurd coefficients give libjpeg's (wrapped) samples.
 */

const CONST_BITS = 13;
const PASS1_BITS = 2;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

const ONE_CONST = 2 ** CONST_BITS;
const PASS1_SHIFT = 2 ** (CONST_BITS - PASS1_BITS);
const PASS1_ROUND = PASS1_SHIFT / 2;
const PASS1_SCALE = 1 / PASS1_SHIFT;
const PASS2_SHIFT = 2 ** (CONST_BITS + PASS1_BITS + 3);
const PASS2_ROUND = PASS2_SHIFT / 2;
const PASS2_SCALE = 1 / PASS2_SHIFT;
const DC_SHIFT = 2 ** (PASS1_BITS + 3);
const DC_ROUND = DC_SHIFT / 2;
const DC_SCALE = 1 / DC_SHIFT;

/**
 * libjpeg's post-IDCT range limit table, indexed by (value & 1023) where value is the
 * un-centred sample: −128..127 → 0..255, larger values saturate, and values far out of range
 * wrap the way the C table does (jdmaster.c prepare_range_limit_table).
 */
const RANGE_LIMIT = (() => {
  const t = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) t[i] = i < 128 ? i + 128 : i < 512 ? 255 : i < 896 ? 0 : i - 896;
  return t;
})();

const workspace = new Int32Array(64);

/**
 * Dequantizes and inverse-transforms the block at `coefficients[offset..offset+64)` (natural
 * order) with `quant` (natural order, as libjpeg's 16-bit multiplier table), writing 8×8
 * samples into `out` at `outOffset` with row stride `stride`.
 */
export function idctIslow(coefficients: Int16Array, offset: number, quant: Int16Array, out: Uint8Array, outOffset: number, stride: number): void {
  const ws = workspace;
  // Pass 1: columns from the input into the workspace, scaled up by 2^PASS1_BITS.
  for (let col = 0; col < 8; col++) {
    const c = offset + col;
    if (
      coefficients[c + 8] === 0 &&
      coefficients[c + 16] === 0 &&
      coefficients[c + 24] === 0 &&
      coefficients[c + 32] === 0 &&
      coefficients[c + 40] === 0 &&
      coefficients[c + 48] === 0 &&
      coefficients[c + 56] === 0
    ) {
      // AC terms all zero: the column is the DC value (same result as the full computation).
      const dc = coefficients[c]! * quant[col]! * 4;
      for (let r = 0; r < 64; r += 8) ws[col + r] = dc;
      continue;
    }
    let z2 = coefficients[c + 16]! * quant[col + 16]!;
    let z3 = coefficients[c + 48]! * quant[col + 48]!;
    let z1 = (z2 + z3) * FIX_0_541196100;
    let tmp2 = z1 - z3 * FIX_1_847759065;
    let tmp3 = z1 + z2 * FIX_0_765366865;
    z2 = coefficients[c]! * quant[col]!;
    z3 = coefficients[c + 32]! * quant[col + 32]!;
    let tmp0 = (z2 + z3) * ONE_CONST;
    let tmp1 = (z2 - z3) * ONE_CONST;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;

    tmp0 = coefficients[c + 56]! * quant[col + 56]!;
    tmp1 = coefficients[c + 40]! * quant[col + 40]!;
    tmp2 = coefficients[c + 24]! * quant[col + 24]!;
    tmp3 = coefficients[c + 8]! * quant[col + 8]!;
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;

    // (int)DESCALE(x, CONST_BITS − PASS1_BITS); the Int32Array store wraps as C's cast does.
    ws[col] = Math.floor((tmp10 + tmp3 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 56] = Math.floor((tmp10 - tmp3 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 8] = Math.floor((tmp11 + tmp2 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 48] = Math.floor((tmp11 - tmp2 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 16] = Math.floor((tmp12 + tmp1 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 40] = Math.floor((tmp12 - tmp1 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 24] = Math.floor((tmp13 + tmp0 + PASS1_ROUND) * PASS1_SCALE);
    ws[col + 32] = Math.floor((tmp13 - tmp0 + PASS1_ROUND) * PASS1_SCALE);
  }

  // Pass 2: rows from the workspace to samples, descaled by 8 and by 2^PASS1_BITS.
  const rl = RANGE_LIMIT;
  for (let row = 0, w = 0; row < 8; row++, w += 8) {
    const o = outOffset + row * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 4] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      const v = rl[Math.floor((ws[w]! + DC_ROUND) * DC_SCALE) & 1023]!;
      for (let k = 0; k < 8; k++) out[o + k] = v;
      continue;
    }
    let z2 = ws[w + 2]!;
    let z3 = ws[w + 6]!;
    let z1 = (z2 + z3) * FIX_0_541196100;
    let tmp2 = z1 - z3 * FIX_1_847759065;
    let tmp3 = z1 + z2 * FIX_0_765366865;
    let tmp0 = (ws[w]! + ws[w + 4]!) * ONE_CONST;
    let tmp1 = (ws[w]! - ws[w + 4]!) * ONE_CONST;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;

    tmp0 = ws[w + 7]!;
    tmp1 = ws[w + 5]!;
    tmp2 = ws[w + 3]!;
    tmp3 = ws[w + 1]!;
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;

    out[o] = rl[Math.floor((tmp10 + tmp3 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 7] = rl[Math.floor((tmp10 - tmp3 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 1] = rl[Math.floor((tmp11 + tmp2 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 6] = rl[Math.floor((tmp11 - tmp2 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 2] = rl[Math.floor((tmp12 + tmp1 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 5] = rl[Math.floor((tmp12 - tmp1 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 3] = rl[Math.floor((tmp13 + tmp0 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
    out[o + 4] = rl[Math.floor((tmp13 - tmp0 + PASS2_ROUND) * PASS2_SCALE) & 1023]!;
  }
}

/**
 * The inverse DCT of block rows [rowStart, rowEnd) of a component (`blocksPerLine` blocks
 * allocated per row, the first `widthInBlocks` holding image data) into `out`, 8 rows of
 * `stride` samples per block row.
 */
export function idctBlockRows(
  coefficients: Int16Array,
  blocksPerLine: number,
  widthInBlocks: number,
  quant: Int16Array,
  out: Uint8Array,
  stride: number,
  rowStart: number,
  rowEnd: number,
): void {
  for (let by = rowStart; by < rowEnd; by++) {
    for (let bx = 0; bx < widthInBlocks; bx++) {
      idctIslow(coefficients, (by * blocksPerLine + bx) * 64, quant, out, by * 8 * stride + bx * 8, stride);
    }
  }
}
