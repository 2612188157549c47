import type { Plan } from './plan.js';
import type { Arr } from './types.js';

/*
 * Unrolled 2-D max for the interior (every tap in bounds) of the common small windows:
 * 2×2 and 3×3, dilation 1, any stride. Same fold order and rule as maxDirect
 * (row-major, `v > best || v !== v`), so results are identical to the direct kernel.
 */

export function unrolledMaxApplies(plan: Plan): boolean {
  if (plan.axes.length !== 2) return false;
  const [h, w] = plan.axes;
  if (h!.dilation !== 1 || w!.dilation !== 1) return false;
  const k = h!.kernel;
  return (k === 2 || k === 3) && w!.kernel === k;
}

export function maxUnrolledInterior(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array | null): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  if (ah.fullLo >= ah.fullHi || aw.fullLo >= aw.fullHi) return;
  if (ah.kernel === 2) {
    if (idx === null) max2x2(plan, src, so, dst, dOff);
    else max2x2i(plan, src, so, dst, dOff, idx);
  } else if (idx === null) max3x3(plan, src, so, dst, dOff);
  else max3x3i(plan, src, so, dst, dOff, idx);
}

function max2x2(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const sw = aw.stride;
  const w0 = aw.first(aw.fullLo);
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + w0;
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      let m = src[p]!;
      let v = src[p + 1]!;
      if (v > m || v !== v) m = v;
      v = src[p + W]!;
      if (v > m || v !== v) m = v;
      v = src[p + W + 1]!;
      if (v > m || v !== v) m = v;
      dst[o] = m;
    }
  }
}

function max2x2i(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const sw = aw.stride;
  const w0 = aw.first(aw.fullLo);
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let q = ah.first(oh) * W + w0;
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, q += sw, o++) {
      const p = so + q;
      let m = src[p]!;
      let b = q;
      let v = src[p + 1]!;
      if (v > m || v !== v) {
        m = v;
        b = q + 1;
      }
      v = src[p + W]!;
      if (v > m || v !== v) {
        m = v;
        b = q + W;
      }
      v = src[p + W + 1]!;
      if (v > m || v !== v) {
        m = v;
        b = q + W + 1;
      }
      dst[o] = m;
      idx[o] = b;
    }
  }
}

function max3x3(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const W2 = 2 * W;
  const OW = aw.outLength;
  const sw = aw.stride;
  const w0 = aw.first(aw.fullLo);
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + w0;
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      let m = src[p]!;
      let v = src[p + 1]!;
      if (v > m || v !== v) m = v;
      v = src[p + 2]!;
      if (v > m || v !== v) m = v;
      v = src[p + W]!;
      if (v > m || v !== v) m = v;
      v = src[p + W + 1]!;
      if (v > m || v !== v) m = v;
      v = src[p + W + 2]!;
      if (v > m || v !== v) m = v;
      v = src[p + W2]!;
      if (v > m || v !== v) m = v;
      v = src[p + W2 + 1]!;
      if (v > m || v !== v) m = v;
      v = src[p + W2 + 2]!;
      if (v > m || v !== v) m = v;
      dst[o] = m;
    }
  }
}

function max3x3i(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const sw = aw.stride;
  const w0 = aw.first(aw.fullLo);
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let q = ah.first(oh) * W + w0;
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, q += sw, o++) {
      let m = src[so + q]!;
      let b = q;
      for (let r = 0, t = q; r < 3; r++, t += W) {
        for (let c = r === 0 ? 1 : 0; c < 3; c++) {
          const v = src[so + t + c]!;
          if (v > m || v !== v) {
            m = v;
            b = t + c;
          }
        }
      }
      dst[o] = m;
      idx[o] = b;
    }
  }
}
