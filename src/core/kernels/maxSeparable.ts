import type { AxisPlan, Plan } from './plan.js';
import { scratchF64, scratchI32 } from './scratch.js';
import { runSeparable } from './separable.js';
import type { AxisOps } from './separable.js';
import type { Arr } from './types.js';

/*
 * Separable max, one axis at a time (last axis first, see separable.ts), with van Herk/Gil-Werman
 * for long windows: per block of k cells a prefix and a suffix fold, then every window is
 * combine(suffix at its start, prefix at its end) — about 3 comparisons per output whatever k is.
 *
 * combine(A, B) for A before B in the fold order is PyTorch's update rule applied to B's result:
 * take B when B > A or B is NaN (so the last NaN wins, ties keep the earlier cell, and an all −inf
 * window keeps its first in-bounds cell, as torch). A partial result with no cell (−inf, index
 * −1: its window lies in the padding along a later axis) never meets one with a cell: which
 * columns are empty depends only on the axes already reduced, so a line being reduced is either
 * all empty or has no empty entry.
 * Van Herk is used only with dilation 1 (dilated long windows fall back to the direct fold).
 */

export type VanHerkPolicy = 'auto' | 'always' | 'never';

export function vanHerkPays(ax: AxisPlan, policy: VanHerkPolicy): boolean {
  if (ax.dilation !== 1 || ax.fullLo >= ax.fullHi || policy === 'never') return false;
  // Per output: direct costs k comparisons, van Herk about 2·stride + 1 plus its work rows;
  // measured on V8, van Herk wins from about k = 8 (k = 5: equal, k = 15: 2.4× faster).
  return policy === 'always' || (ax.kernel >= 8 && ax.kernel >= 2 * ax.stride + 2);
}

export function maxSeparable(plan: Plan, src: Arr, dst: Arr, idx: Int32Array | null, policy: VanHerkPolicy = 'auto'): void {
  const ops = maxOps(idx !== null, policy);
  const innerOut0 = plan.outPlane / plan.axes[0]!.outLength;
  runSeparable(plan, src, ops, (p, o0, o1, vals, vi) => {
    const off = p * plan.outPlane + o0 * innerOut0;
    const n = (o1 - o0) * innerOut0;
    for (let i = 0; i < n; i++) dst[off + i] = vals[i]!;
    if (idx !== null && vi !== null) idx.set(vi.subarray(0, n), off);
  });
}

function maxOps(withIdx: boolean, policy: VanHerkPolicy): AxisOps {
  return {
    withIdx,
    emptyValue: -Infinity,
    rows(src, so, rows, ax, o0, o1, dst, dOff, dIdx, idxBase, idxRowStride) {
      const L = ax.length;
      const from = Math.max(o0, ax.fullLo);
      const to = Math.min(o1, ax.fullHi);
      const vh = from < to && vanHerkPays(ax, policy);
      for (let r = 0; r < rows; r++) {
        const s0 = so + r * L;
        // d0 is where output o0 goes: output o is written at d0 + o.
        const d0 = dOff + r * (o1 - o0) - o0;
        const base = idxBase + r * idxRowStride;
        if (vh) {
          directRow(src, s0, ax, o0, from, dst, d0, dIdx, base);
          if (dIdx === null) vanHerkRow(src, s0, ax, from, to, dst, d0);
          else vanHerkRowIdx(src, s0, ax, from, to, dst, d0, dIdx, base);
          directRow(src, s0, ax, to, o1, dst, d0, dIdx, base);
        } else {
          directRow(src, s0, ax, o0, o1, dst, d0, dIdx, base);
        }
      }
    },
    cols(src, so, sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff, dIdx) {
      const from = Math.max(o0, ax.fullLo);
      const to = Math.min(o1, ax.fullHi);
      if (from < to && vanHerkPays(ax, policy)) {
        colsDirect(src, so, sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff, dIdx, o0, from);
        colsVanHerk(src, so, sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff, dIdx, from, to);
        colsDirect(src, so, sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff, dIdx, to, o1);
      } else {
        colsDirect(src, so, sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff, dIdx, o0, o1);
      }
    },
  };
}

function directRow(src: Arr, s0: number, ax: AxisPlan, from: number, to: number, dst: Float64Array, d0: number, dIdx: Int32Array | null, base: number): void {
  const dl = ax.dilation;
  for (let o = from; o < to; o++) {
    const n = ax.count(o);
    if (n === 0) {
      dst[d0 + o] = -Infinity;
      if (dIdx !== null) dIdx[d0 + o] = -1;
      continue;
    }
    let p = ax.first(o);
    let bi = p;
    let best = src[s0 + p]!;
    for (let j = 1; j < n; j++) {
      p += dl;
      const v = src[s0 + p]!;
      if (v > best || v !== v) {
        best = v;
        bi = p;
      }
    }
    dst[d0 + o] = best;
    if (dIdx !== null) dIdx[d0 + o] = base + bi;
  }
}

/** Full-window outputs [from, to) of one row. */
function vanHerkRow(src: Arr, s0: number, ax: AxisPlan, from: number, to: number, dst: Float64Array, d0: number): void {
  const k = ax.kernel;
  const a0 = ax.first(from);
  const n = ax.first(to - 1) + k - a0;
  const S = scratchF64('g', n);
  const P = scratchF64('h', n);
  const x0 = s0 + a0;
  for (let bs = 0; bs < n; bs += k) {
    const be = Math.min(bs + k, n);
    let m = src[x0 + bs]!;
    P[bs] = m;
    for (let i = bs + 1; i < be; i++) {
      const v = src[x0 + i]!;
      if (v > m || v !== v) m = v;
      P[i] = m;
    }
    m = src[x0 + be - 1]!;
    S[be - 1] = m;
    for (let i = be - 2; i >= bs; i--) {
      const v = src[x0 + i]!;
      if (!(m > v || m !== m)) m = v;
      S[i] = m;
    }
  }
  for (let o = from; o < to; o++) {
    const a = ax.first(o) - a0;
    const A = S[a]!;
    const B = P[a + k - 1]!;
    dst[d0 + o] = B > A || B !== B ? B : A;
  }
}

function vanHerkRowIdx(src: Arr, s0: number, ax: AxisPlan, from: number, to: number, dst: Float64Array, d0: number, dIdx: Int32Array, base: number): void {
  const k = ax.kernel;
  const a0 = ax.first(from);
  const n = ax.first(to - 1) + k - a0;
  const S = scratchF64('g', n);
  const P = scratchF64('h', n);
  const SI = scratchI32('g', n);
  const PI = scratchI32('h', n);
  const x0 = s0 + a0;
  for (let bs = 0; bs < n; bs += k) {
    const be = Math.min(bs + k, n);
    let m = src[x0 + bs]!;
    let mi = bs;
    P[bs] = m;
    PI[bs] = mi;
    for (let i = bs + 1; i < be; i++) {
      const v = src[x0 + i]!;
      if (v > m || v !== v) {
        m = v;
        mi = i;
      }
      P[i] = m;
      PI[i] = mi;
    }
    m = src[x0 + be - 1]!;
    mi = be - 1;
    S[be - 1] = m;
    SI[be - 1] = mi;
    for (let i = be - 2; i >= bs; i--) {
      const v = src[x0 + i]!;
      if (!(m > v || m !== m)) {
        m = v;
        mi = i;
      }
      S[i] = m;
      SI[i] = mi;
    }
  }
  const ib = base + a0;
  for (let o = from; o < to; o++) {
    const a = ax.first(o) - a0;
    const A = S[a]!;
    const B = P[a + k - 1]!;
    if (B > A || B !== B) {
      dst[d0 + o] = B;
      dIdx[d0 + o] = ib + PI[a + k - 1]!;
    } else {
      dst[d0 + o] = A;
      dIdx[d0 + o] = ib + SI[a]!;
    }
  }
}

function colsDirect(
  src: Float64Array,
  so: number,
  sIdx: Int32Array | null,
  outer: number,
  L: number,
  inner: number,
  ax: AxisPlan,
  o0: number,
  o1: number,
  shift: number,
  dst: Float64Array,
  dOff: number,
  dIdx: Int32Array | null,
  from: number,
  to: number,
): void {
  const step = ax.dilation * inner;
  const nO = o1 - o0;
  for (let t = 0; t < outer; t++) {
    const sBase = so + t * L * inner;
    const dBase = dOff + t * nO * inner;
    for (let o = from; o < to; o++) {
      const n = ax.count(o);
      const dRow = dBase + (o - o0) * inner;
      if (n === 0) {
        dst.fill(-Infinity, dRow, dRow + inner);
        dIdx?.fill(-1, dRow, dRow + inner);
        continue;
      }
      let sRow = sBase + (ax.first(o) - shift) * inner;
      dst.set(src.subarray(sRow, sRow + inner), dRow);
      if (dIdx === null || sIdx === null) {
        for (let j = 1; j < n; j++) {
          sRow += step;
          for (let c = 0; c < inner; c++) {
            const v = src[sRow + c]!;
            if (v > dst[dRow + c]! || v !== v) dst[dRow + c] = v;
          }
        }
      } else {
        dIdx.set(sIdx.subarray(sRow, sRow + inner), dRow);
        for (let j = 1; j < n; j++) {
          sRow += step;
          for (let c = 0; c < inner; c++) {
            const v = src[sRow + c]!;
            if (v > dst[dRow + c]! || v !== v) {
              dst[dRow + c] = v;
              dIdx[dRow + c] = sIdx[sRow + c]!;
            }
          }
        }
      }
    }
  }
}

/** Van Herk along a middle axis, whole rows of `inner` at a time; outputs [from, to) are full windows. */
function colsVanHerk(
  src: Float64Array,
  so: number,
  sIdx: Int32Array | null,
  outer: number,
  L: number,
  inner: number,
  ax: AxisPlan,
  o0: number,
  o1: number,
  shift: number,
  dst: Float64Array,
  dOff: number,
  dIdx: Int32Array | null,
  from: number,
  to: number,
): void {
  const k = ax.kernel;
  const aMin = ax.first(from) - shift;
  const S = scratchF64('g', k * inner);
  const P = scratchF64('h', k * inner);
  const withIdx = dIdx !== null && sIdx !== null;
  const SI = withIdx ? scratchI32('g', k * inner) : null;
  const PI = withIdx ? scratchI32('h', k * inner) : null;
  const nO = o1 - o0;
  for (let t = 0; t < outer; t++) {
    const sBase = so + t * L * inner;
    const dBase = dOff + t * nO * inner;
    let block = -1;
    let bs = 0;
    for (let o = from; o < to; o++) {
      const a = ax.first(o) - shift;
      const b = Math.floor((a - aMin) / k);
      if (b !== block) {
        block = b;
        bs = aMin + b * k;
        buildBlock(src, sBase, sIdx, L, inner, k, bs, S, SI, P, PI);
      }
      const dRow = dBase + (o - o0) * inner;
      if (a === bs) {
        dst.set(S.subarray(0, inner), dRow);
        if (withIdx) dIdx!.set(SI!.subarray(0, inner), dRow);
        continue;
      }
      const sOff = (a - bs) * inner;
      const pOff = (a - 1 - bs) * inner; // prefix row of position a + k − 1, counted from bs + k
      if (!withIdx) {
        for (let c = 0; c < inner; c++) {
          const A = S[sOff + c]!;
          const B = P[pOff + c]!;
          dst[dRow + c] = B > A || B !== B ? B : A;
        }
      } else {
        for (let c = 0; c < inner; c++) {
          const A = S[sOff + c]!;
          const B = P[pOff + c]!;
          const ai = SI![sOff + c]!;
          const bi = PI![pOff + c]!;
          if (B > A || B !== B) {
            dst[dRow + c] = B;
            dIdx![dRow + c] = bi;
          } else {
            dst[dRow + c] = A;
            dIdx![dRow + c] = ai;
          }
        }
      }
    }
  }
}

/** Suffix folds of rows [bs, bs+k) into S and prefix folds of rows [bs+k, bs+2k) into P (clipped to L). */
function buildBlock(
  src: Float64Array,
  sBase: number,
  sIdx: Int32Array | null,
  L: number,
  inner: number,
  k: number,
  bs: number,
  S: Float64Array,
  SI: Int32Array | null,
  P: Float64Array,
  PI: Int32Array | null,
): void {
  const sEnd = Math.min(bs + k, L);
  let row = sBase + (sEnd - 1) * inner;
  let sr = (sEnd - 1 - bs) * inner;
  S.set(src.subarray(row, row + inner), sr);
  if (SI !== null && sIdx !== null) SI.set(sIdx.subarray(row, row + inner), sr);
  for (let i = sEnd - 2; i >= bs; i--) {
    row -= inner;
    const next = sr;
    sr -= inner;
    if (SI === null || sIdx === null) {
      for (let c = 0; c < inner; c++) {
        const v = src[row + c]!;
        const m = S[next + c]!;
        S[sr + c] = m > v || m !== m ? m : v;
      }
    } else {
      for (let c = 0; c < inner; c++) {
        const v = src[row + c]!;
        const vi = sIdx[row + c]!;
        const m = S[next + c]!;
        const mi = SI[next + c]!;
        if (m > v || m !== m) {
          S[sr + c] = m;
          SI[sr + c] = mi;
        } else {
          S[sr + c] = v;
          SI[sr + c] = vi;
        }
      }
    }
  }
  const pStart = bs + k;
  const pEnd = Math.min(bs + 2 * k, L);
  if (pStart >= pEnd) return;
  row = sBase + pStart * inner;
  P.set(src.subarray(row, row + inner), 0);
  if (PI !== null && sIdx !== null) PI.set(sIdx.subarray(row, row + inner), 0);
  for (let i = pStart + 1, pr = inner; i < pEnd; i++, pr += inner) {
    row += inner;
    const prev = pr - inner;
    if (PI === null || sIdx === null) {
      for (let c = 0; c < inner; c++) {
        const v = src[row + c]!;
        const m = P[prev + c]!;
        P[pr + c] = v > m || v !== v ? v : m;
      }
    } else {
      for (let c = 0; c < inner; c++) {
        const v = src[row + c]!;
        const vi = sIdx[row + c]!;
        const m = P[prev + c]!;
        const mi = PI[prev + c]!;
        if (v > m || v !== v) {
          P[pr + c] = v;
          PI[pr + c] = vi;
        } else {
          P[pr + c] = m;
          PI[pr + c] = mi;
        }
      }
    }
  }
}
