import type { Arr } from './types.js';

/*
 * When may window sums be computed in another order than PyTorch's (running/sliding sums,
 * separable row-then-column sums) and still match it to the bit? Exactly when every partial sum
 * that either order forms is representable, because then no addition rounds and both orders
 * give the exact sum. Every value is a multiple of 2^q, q = the lowest set bit over all values,
 * and every partial sum we form is a sum of at most kvol + 1 values, so it is a multiple of 2^q
 * below (kvol + 1)·2^E where 2^E bounds |x|. Such a number is representable with P mantissa
 * bits (24 for float32 sums, 53 for float64) when (kvol + 1)·2^E ≤ 2^(P + q).
 * Integer-valued data (images, counts) passes easily; data with NaN or ±inf never does.
 * Sums also never produce −0 in either order (they start at +0), so zero signs agree too.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True when any order of summing at most `kvol` of these values is exact. */
export function sumsAreExact(data: Arr, kvol: number, f32: boolean): boolean {
  if (!LITTLE_ENDIAN) return false;
  const P = f32 ? 24 : 53;
  const maxE = f32 ? 127 : 1023;
  const kbits = Math.ceil(Math.log2(kvol + 1));
  let eMax = -Infinity;
  let qMin = Infinity;
  if (data instanceof Float64Array) {
    const u = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
    let biasedMax = 0;
    let qRaw = 2048;
    for (let i = 0, n = u.length; i < n; i += 2) {
      const lo = u[i]!;
      const hi = u[i + 1]!;
      const e = (hi >>> 20) & 0x7ff;
      if (e === 0x7ff) return false;
      const mh = hi & 0xfffff;
      if (e === 0 && mh === 0 && lo === 0) continue;
      const eb = e === 0 ? 1 : e;
      if (eb > biasedMax) biasedMax = eb;
      // Lowest set bit of the significand (implicit bit included for normal numbers).
      const tz = lo !== 0 ? 31 - Math.clz32(lo & -lo) : mh !== 0 ? 63 - Math.clz32(mh & -mh) : 52;
      const q = eb + tz;
      if (q < qRaw) qRaw = q;
      // Early exit: the bound only gets worse as more values are seen.
      if (biasedMax - 1022 + kbits > P + qRaw - 1075) return false;
    }
    if (biasedMax === 0) return true;
    eMax = biasedMax - 1022;
    qMin = qRaw - 1075;
  } else {
    const u = new Uint32Array(data.buffer, data.byteOffset, data.length);
    let biasedMax = 0;
    let qRaw = 512;
    for (let i = 0, n = u.length; i < n; i++) {
      const b = u[i]!;
      const e = (b >>> 23) & 0xff;
      if (e === 0xff) return false;
      const m = b & 0x7fffff;
      if (e === 0 && m === 0) continue;
      const eb = e === 0 ? 1 : e;
      if (eb > biasedMax) biasedMax = eb;
      const tz = m !== 0 ? 31 - Math.clz32(m & -m) : 23;
      const q = eb + tz;
      if (q < qRaw) qRaw = q;
      if (biasedMax - 126 + kbits > P + qRaw - 150) return false;
    }
    if (biasedMax === 0) return true;
    eMax = biasedMax - 126;
    qMin = qRaw - 150;
  }
  return kbits + eMax <= P + qMin && kbits + eMax <= maxE;
}
