import type { Divisor } from './divisor.js';
import { axis0Factor, innerDivisors } from './divisor.js';
import type { AxisPlan, Plan } from './plan.js';
import { runSeparable } from './separable.js';
import type { AxisOps } from './separable.js';
import type { Arr } from './types.js';

/*
 * Window sums one axis at a time, with sliding sums along an axis when the window is much
 * longer than the stride (move by `stride`: subtract the cells that leave, add those that enter).
 * This reorders the additions, so it is ONLY called when exactness.ts has proved every partial
 * sum exact; then the result equals PyTorch's ordered sum bit for bit. Sums are kept in float64.
 */

export function slidingPays(ax: AxisPlan): boolean {
  return ax.dilation === 1 && 2 * ax.stride < ax.kernel;
}

export function sumSeparable(plan: Plan, src: Arr, dst: Arr, div: Divisor, f32: boolean): void {
  const inner = innerDivisors(plan, div);
  const innerOut0 = inner.length;
  runSeparable(plan, src, SUM_OPS, (p, o0, o1, vals) => {
    let off = p * plan.outPlane + o0 * innerOut0;
    let v = 0;
    for (let o = o0; o < o1; o++) {
      const f0 = axis0Factor(plan, div, o);
      for (let i = 0; i < innerOut0; i++, v++, off++) {
        const dv = f0 * inner[i]!;
        dst[off] = vals[v]! / (f32 ? Math.fround(dv) : dv);
      }
    }
  });
}

const SUM_OPS: AxisOps = {
  withIdx: false,
  emptyValue: 0,
  rows(src, so, rows, ax, o0, o1, dst, dOff) {
    const L = ax.length;
    const { stride: s, kernel: k, dilation: dl } = ax;
    const slide = slidingPays(ax);
    const firstSlide = Math.max(o0, ax.fullLo);
    for (let r = 0; r < rows; r++) {
      const s0 = so + r * L;
      const d0 = dOff + r * (o1 - o0) - o0;
      let prev = NaN; // sum of the previous full window, when sliding
      for (let o = o0; o < o1; o++) {
        const n = ax.count(o);
        const a = ax.first(o);
        let t = 0;
        if (slide && n === k && o > firstSlide) {
          // Previous window started at a − s; cells [a − s, a) leave, [a − s + k, a + k) enter.
          t = prev;
          for (let i = a - s; i < a; i++) t -= src[s0 + i]!;
          for (let i = a - s + k; i < a + k; i++) t += src[s0 + i]!;
        } else {
          for (let j = 0, p = s0 + a; j < n; j++, p += dl) t += src[p]!;
        }
        prev = t;
        dst[d0 + o] = t;
      }
    }
  },
  cols(src, so, _sIdx, outer, L, inner, ax, o0, o1, shift, dst, dOff) {
    const { stride: s, kernel: k } = ax;
    const step = ax.dilation * inner;
    const slide = slidingPays(ax);
    const nO = o1 - o0;
    for (let t = 0; t < outer; t++) {
      const sBase = so + t * L * inner;
      const dBase = dOff + t * nO * inner;
      for (let o = o0; o < o1; o++) {
        const n = ax.count(o);
        const dRow = dBase + (o - o0) * inner;
        const a = ax.first(o) - shift;
        if (slide && n === k && o > Math.max(o0, ax.fullLo)) {
          const prevRow = dRow - inner;
          for (let c = 0; c < inner; c++) dst[dRow + c] = dst[prevRow + c]!;
          for (let i = a - s; i < a; i++) {
            const row = sBase + i * inner;
            for (let c = 0; c < inner; c++) dst[dRow + c]! -= src[row + c]!;
          }
          for (let i = a - s + k; i < a + k; i++) {
            const row = sBase + i * inner;
            for (let c = 0; c < inner; c++) dst[dRow + c]! += src[row + c]!;
          }
          continue;
        }
        dst.fill(0, dRow, dRow + inner);
        let row = sBase + a * inner;
        for (let j = 0; j < n; j++, row += step) {
          for (let c = 0; c < inner; c++) dst[dRow + c]! += src[row + c]!;
        }
      }
    }
  },
};
