import type { Plan } from './plan.js';
import type { Arr, Box } from './types.js';

/*
 * Direct max: each output folds its window's in-bounds cells in row-major order with PyTorch's
 * rule `v > best || isnan(v)`: NaN wins (the last NaN's index), ties keep the first cell, padding
 * is never a candidate, an all −inf window reports its first in-bounds cell. Starting from the
 * first in-bounds cell is the same as torch's start (−inf, first cell). A window with no cell in
 * the input (only possible with dilation or 'same' padding) gives −inf and index −1.
 * min is run as −max(−x) by the caller.
 */

/** One plane: src[so ..] → dst[dOff ..] (and idx[dOff ..]) for the outputs in `box`. */
export function maxDirectBox(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array | null, box: Box): void {
  switch (plan.axes.length) {
    case 1:
      return max1(plan, src, so, dst, dOff, idx, box);
    case 2:
      return max2(plan, src, so, dst, dOff, idx, box);
    default:
      return maxN(plan, src, so, dst, dOff, idx, box);
  }
}

function max1(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array | null, box: Box): void {
  const ax = plan.axes[0]!;
  const dl = ax.dilation;
  for (let o = box.lo[0]!, end = box.hi[0]!; o < end; o++) {
    const n = ax.count(o);
    if (n === 0) {
      dst[dOff + o] = -Infinity;
      if (idx !== null) idx[dOff + o] = -1;
      continue;
    }
    let p = ax.first(o);
    let bi = p;
    let best = src[so + p]!;
    for (let j = 1; j < n; j++) {
      p += dl;
      const v = src[so + p]!;
      if (v > best || v !== v) {
        best = v;
        bi = p;
      }
    }
    dst[dOff + o] = best;
    if (idx !== null) idx[dOff + o] = bi;
  }
}

function max2(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array | null, box: Box): void {
  const ah = plan.axes[0]!;
  const aw = plan.axes[1]!;
  const W = aw.length;
  const OW = aw.outLength;
  const dh = ah.dilation * W;
  const dw = aw.dilation;
  for (let oh = box.lo[0]!, eh = box.hi[0]!; oh < eh; oh++) {
    const nh = ah.count(oh);
    const rowBase = ah.first(oh) * W;
    for (let ow = box.lo[1]!, ew = box.hi[1]!; ow < ew; ow++) {
      const nw = aw.count(ow);
      const o = dOff + oh * OW + ow;
      if (nh === 0 || nw === 0) {
        dst[o] = -Infinity;
        if (idx !== null) idx[o] = -1;
        continue;
      }
      const start = rowBase + aw.first(ow);
      let bi = start;
      let best = src[so + start]!;
      for (let jh = 0, r = start; jh < nh; jh++, r += dh) {
        for (let jw = 0, p = r; jw < nw; jw++, p += dw) {
          const v = src[so + p]!;
          if (v > best || v !== v) {
            best = v;
            bi = p;
          }
        }
      }
      dst[o] = best;
      if (idx !== null) idx[o] = bi;
    }
  }
}

/** Any number of axes (3-D and up): odometers over outputs and over taps. */
function maxN(plan: Plan, src: Arr, so: number, dst: Arr, dOff: number, idx: Int32Array | null, box: Box): void {
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
    let start = 0;
    let outPos = dOff;
    let empty = false;
    for (let a = 0; a < d; a++) {
      const ax = axes[a]!;
      n[a] = ax.count(o[a]!);
      if (n[a] === 0) empty = true;
      start += ax.first(o[a]!) * inStride[a]!;
      outPos += o[a]! * outStride[a]!;
    }
    if (empty) {
      dst[outPos] = -Infinity;
      if (idx !== null) idx[outPos] = -1;
    } else {
      let bi = start;
      let best = src[so + start]!;
      j.fill(0);
      let p = start;
      for (;;) {
        const v = src[so + p]!;
        if (v > best || v !== v) {
          best = v;
          bi = p;
        }
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
      dst[outPos] = best;
      if (idx !== null) idx[outPos] = bi;
    }
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
