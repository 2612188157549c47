import type { Divisor } from './divisor.js';
import { axisFactor, fullDivisor } from './divisor.js';
import type { AxisPlan, Plan } from './plan.js';
import type { Arr, Box } from './types.js';

/*
 * Window sums in PyTorch's order: start at +0, add the in-bounds cells row-major, then divide
 * once (avg_pool's `sum / divide_factor`). With `f32` the running sum is rounded to float32
 * after every addition, as torch's CPU kernels do for float32 tensors; fround(a + b) of two
 * float32 values is exactly float32 addition (double rounding is harmless for +, /, √).
 * Floating-point addition is not associative, so these kernels never reorder: the speed-ups
 * here are unrolling and summing four neighbouring windows side by side (four independent
 * chains, each still in torch's order). Order-changing methods live in sumSeparable.ts and are
 * only used when exactness.ts proves every partial sum exact.
 */

function divisorAt2(plan: Plan, div: Divisor, a: number, b: number): number {
  if (div.mode === 'override') return div.override;
  return axisFactor(plan.axes[0]!, div, a) * axisFactor(plan.axes[1]!, div, b);
}

export function sumDirectBox(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, box: Box, div: Divisor, f32: boolean): void {
  switch (plan.axes.length) {
    case 1:
      return sum1(plan, src, so, dst, dOff, box, div, f32);
    case 2:
      return sum2(plan, src, so, dst, dOff, box, div, f32);
    default:
      return sumN(plan, src, so, dst, dOff, box, div, f32);
  }
}

function sum1(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, box: Box, div: Divisor, f32: boolean): void {
  const ax = plan.axes[0]!;
  const dl = ax.dilation;
  for (let o = box.lo[0]!, end = box.hi[0]!; o < end; o++) {
    const n = ax.count(o);
    let s = 0;
    let p = so + ax.first(o);
    if (f32) for (let j = 0; j < n; j++, p += dl) s = Math.fround(s + src[p]!);
    else for (let j = 0; j < n; j++, p += dl) s += src[p]!;
    const dv = div.mode === 'override' ? div.override : axisFactor(ax, div, o);
    dst[dOff + o] = s / (f32 ? Math.fround(dv) : dv);
  }
}

function sum2(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, box: Box, div: Divisor, f32: boolean): void {
  const ah = plan.axes[0]!;
  const aw = plan.axes[1]!;
  const W = aw.length;
  const OW = aw.outLength;
  const dh = ah.dilation * W;
  const dw = aw.dilation;
  for (let oh = box.lo[0]!, eh = box.hi[0]!; oh < eh; oh++) {
    const nh = ah.count(oh);
    const rowBase = so + ah.first(oh) * W;
    for (let ow = box.lo[1]!, ew = box.hi[1]!; ow < ew; ow++) {
      const nw = aw.count(ow);
      const start = rowBase + aw.first(ow);
      let s = 0;
      for (let jh = 0, r = start; jh < nh; jh++, r += dh) {
        if (f32) for (let jw = 0, p = r; jw < nw; jw++, p += dw) s = Math.fround(s + src[p]!);
        else for (let jw = 0, p = r; jw < nw; jw++, p += dw) s += src[p]!;
      }
      const dv = divisorAt2(plan, div, oh, ow);
      dst[dOff + oh * OW + ow] = s / (f32 ? Math.fround(dv) : dv);
    }
  }
}

function sumN(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, box: Box, div: Divisor, f32: boolean): void {
  const axes = plan.axes;
  const d = axes.length;
  const inStride = new Array<number>(d);
  const outStride = new Array<number>(d);
  let si = 1;
  let sO = 1;
  for (let a = d - 1; a >= 0; a--) {
    inStride[a] = si;
    outStride[a] = sO;
    si *= axes[a]!.length;
    sO *= axes[a]!.outLength;
  }
  const o = box.lo.slice();
  if (o.some((v, a) => v >= box.hi[a]!)) return;
  const n = new Array<number>(d).fill(0);
  const step = axes.map((ax, a) => ax.dilation * inStride[a]!);
  const j = new Array<number>(d).fill(0);
  for (;;) {
    let start = so;
    let outPos = dOff;
    let empty = false;
    let dv = div.mode === 'override' ? div.override : 1;
    for (let a = 0; a < d; a++) {
      const ax = axes[a]!;
      n[a] = ax.count(o[a]!);
      if (n[a] === 0) empty = true;
      start += ax.first(o[a]!) * inStride[a]!;
      outPos += o[a]! * outStride[a]!;
      if (div.mode !== 'override') dv *= axisFactor(ax, div, o[a]!);
    }
    let s = 0;
    if (!empty) {
      j.fill(0);
      let p = start;
      for (;;) {
        s = f32 ? Math.fround(s + src[p]!) : s + src[p]!;
        let a = d - 1;
        while (a >= 0) {
          j[a]!++;
          p += step[a]!;
          if (j[a]! < n[a]!) break;
          p -= step[a]! * n[a]!;
          j[a] = 0;
          a--;
        }
        if (a < 0) break;
      }
    }
    dst[outPos] = s / (f32 ? Math.fround(dv) : dv);
    let a = d - 1;
    while (a >= 0) {
      o[a]!++;
      if (o[a]! < box.hi[a]!) break;
      o[a] = box.lo[a]!;
      a--;
    }
    if (a < 0) return;
  }
}

/**
 * The interior (all taps in bounds) of a 1-D or 2-D call: unrolled 2×2 / 3×3, otherwise four
 * windows summed side by side. Interior windows all divide by the kernel volume (or override).
 */
export function sumInterior(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, div: Divisor, f32: boolean): void {
  const axes = plan.axes;
  if (axes.some((a) => a.fullLo >= a.fullHi)) return;
  const dv0 = fullDivisor(plan, div);
  const dv = f32 ? Math.fround(dv0) : dv0;
  if (axes.length === 1) {
    const ax = axes[0]!;
    if (f32) interior1f(ax, src, so, dst, dOff, dv);
    else interior1(ax, src, so, dst, dOff, dv);
    return;
  }
  const [ah, aw] = axes as [Plan['axes'][0], Plan['axes'][0]];
  const k = ah.kernel;
  if (ah.dilation === 1 && aw.dilation === 1 && aw.kernel === k && (k === 2 || k === 3)) {
    if (k === 2) (f32 ? sum2x2f : sum2x2)(plan, src, so, dst, dOff, dv);
    else (f32 ? sum3x3f : sum3x3)(plan, src, so, dst, dOff, dv);
    return;
  }
  (f32 ? interior2f : interior2)(plan, src, so, dst, dOff, dv);
}

function interior1(ax: AxisPlan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const { fullLo: lo, fullHi: hi, kernel: k, dilation: dl, stride: s } = ax;
  const a0 = so + ax.first(lo) - lo * s;
  let o = lo;
  for (; o + 4 <= hi; o += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0, p = a0 + o * s; j < k; j++, p += dl) {
      s0 += src[p]!;
      s1 += src[p + s]!;
      s2 += src[p + 2 * s]!;
      s3 += src[p + 3 * s]!;
    }
    dst[dOff + o] = s0 / dv;
    dst[dOff + o + 1] = s1 / dv;
    dst[dOff + o + 2] = s2 / dv;
    dst[dOff + o + 3] = s3 / dv;
  }
  for (; o < hi; o++) {
    let s0 = 0;
    for (let j = 0, p = a0 + o * s; j < k; j++, p += dl) s0 += src[p]!;
    dst[dOff + o] = s0 / dv;
  }
}

function interior1f(ax: AxisPlan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const { fullLo: lo, fullHi: hi, kernel: k, dilation: dl, stride: s } = ax;
  const a0 = so + ax.first(lo) - lo * s;
  const f = Math.fround;
  let o = lo;
  for (; o + 4 <= hi; o += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0, p = a0 + o * s; j < k; j++, p += dl) {
      s0 = f(s0 + src[p]!);
      s1 = f(s1 + src[p + s]!);
      s2 = f(s2 + src[p + 2 * s]!);
      s3 = f(s3 + src[p + 3 * s]!);
    }
    dst[dOff + o] = s0 / dv;
    dst[dOff + o + 1] = s1 / dv;
    dst[dOff + o + 2] = s2 / dv;
    dst[dOff + o + 3] = s3 / dv;
  }
  for (; o < hi; o++) {
    let s0 = 0;
    for (let j = 0, p = a0 + o * s; j < k; j++, p += dl) s0 = f(s0 + src[p]!);
    dst[dOff + o] = s0 / dv;
  }
}

function interior2(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const kh = ah.kernel;
  const kw = aw.kernel;
  const dh = ah.dilation * W;
  const dw = aw.dilation;
  const s = aw.stride;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    const rb = so + ah.first(oh) * W;
    const ob = dOff + oh * OW;
    let ow = aw.fullLo;
    for (; ow + 4 <= aw.fullHi; ow += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let jh = 0, r = rb + aw.first(ow); jh < kh; jh++, r += dh) {
        for (let jw = 0, p = r; jw < kw; jw++, p += dw) {
          s0 += src[p]!;
          s1 += src[p + s]!;
          s2 += src[p + 2 * s]!;
          s3 += src[p + 3 * s]!;
        }
      }
      dst[ob + ow] = s0 / dv;
      dst[ob + ow + 1] = s1 / dv;
      dst[ob + ow + 2] = s2 / dv;
      dst[ob + ow + 3] = s3 / dv;
    }
    for (; ow < aw.fullHi; ow++) {
      let s0 = 0;
      for (let jh = 0, r = rb + aw.first(ow); jh < kh; jh++, r += dh) {
        for (let jw = 0, p = r; jw < kw; jw++, p += dw) s0 += src[p]!;
      }
      dst[ob + ow] = s0 / dv;
    }
  }
}

function interior2f(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const f = Math.fround;
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const kh = ah.kernel;
  const kw = aw.kernel;
  const dh = ah.dilation * W;
  const dw = aw.dilation;
  const s = aw.stride;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    const rb = so + ah.first(oh) * W;
    const ob = dOff + oh * OW;
    let ow = aw.fullLo;
    for (; ow + 4 <= aw.fullHi; ow += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let jh = 0, r = rb + aw.first(ow); jh < kh; jh++, r += dh) {
        for (let jw = 0, p = r; jw < kw; jw++, p += dw) {
          s0 = f(s0 + src[p]!);
          s1 = f(s1 + src[p + s]!);
          s2 = f(s2 + src[p + 2 * s]!);
          s3 = f(s3 + src[p + 3 * s]!);
        }
      }
      dst[ob + ow] = s0 / dv;
      dst[ob + ow + 1] = s1 / dv;
      dst[ob + ow + 2] = s2 / dv;
      dst[ob + ow + 3] = s3 / dv;
    }
    for (; ow < aw.fullHi; ow++) {
      let s0 = 0;
      for (let jh = 0, r = rb + aw.first(ow); jh < kh; jh++, r += dh) {
        for (let jw = 0, p = r; jw < kw; jw++, p += dw) s0 = f(s0 + src[p]!);
      }
      dst[ob + ow] = s0 / dv;
    }
  }
}

function sum2x2(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const sw = aw.stride;
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + aw.first(aw.fullLo);
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      dst[o] = (0 + src[p]! + src[p + 1]! + src[p + W]! + src[p + W + 1]!) / dv;
    }
  }
}

function sum2x2f(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const f = Math.fround;
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const OW = aw.outLength;
  const sw = aw.stride;
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + aw.first(aw.fullLo);
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      dst[o] = f(f(f(0 + src[p]! + src[p + 1]!) + src[p + W]!) + src[p + W + 1]!) / dv;
    }
  }
}

function sum3x3(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const W2 = 2 * W;
  const OW = aw.outLength;
  const sw = aw.stride;
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + aw.first(aw.fullLo);
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      dst[o] =
        (0 + src[p]! + src[p + 1]! + src[p + 2]! + src[p + W]! + src[p + W + 1]! + src[p + W + 2]! + src[p + W2]! + src[p + W2 + 1]! + src[p + W2 + 2]!) / dv;
    }
  }
}

function sum3x3f(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, dv: number): void {
  const f = Math.fround;
  const [ah, aw] = plan.axes as [Plan['axes'][0], Plan['axes'][0]];
  const W = aw.length;
  const W2 = 2 * W;
  const OW = aw.outLength;
  const sw = aw.stride;
  const nw = aw.fullHi - aw.fullLo;
  for (let oh = ah.fullLo; oh < ah.fullHi; oh++) {
    let p = so + ah.first(oh) * W + aw.first(aw.fullLo);
    let o = dOff + oh * OW + aw.fullLo;
    for (let i = 0; i < nw; i++, p += sw, o++) {
      let s = f(0 + src[p]! + src[p + 1]!);
      s = f(s + src[p + 2]!);
      s = f(s + src[p + W]!);
      s = f(s + src[p + W + 1]!);
      s = f(s + src[p + W + 2]!);
      s = f(s + src[p + W2]!);
      s = f(s + src[p + W2 + 1]!);
      s = f(s + src[p + W2 + 2]!);
      dst[o] = s / dv;
    }
  }
}
