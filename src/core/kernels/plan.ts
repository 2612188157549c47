import type { PoolInfo } from '../info.js';
import { product } from '../validate.js';
import type { Box } from './types.js';

/**
 * One spatial axis of a pooling call: window o has taps start + j·dilation (j < kernel) with
 * start = o·stride − padBefore. Kernels only ask this object, so every edge rule (padding, ceil
 * mode, dilation) lives here once. Windows in [fullLo, fullHi) lie wholly inside the input and
 * follow the formula; only the few edge windows are tabulated (there are about
 * (padding + extent)/stride of them), so a 10M-long signal does not get 10M-long tables.
 */
export class AxisPlan {
  readonly length: number;
  readonly outLength: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly padAfter: number;
  /** Outputs in [fullLo, fullHi) have all `kernel` taps in bounds. */
  readonly fullLo: number;
  readonly fullHi: number;
  private readonly edgeFirst: Int32Array;
  private readonly edgeCount: Int32Array;
  private readonly edgePadded: Int32Array;

  constructor(L: number, O: number, k: number, s: number, d: number, pb: number, pa: number) {
    this.length = L;
    this.outLength = O;
    this.kernel = k;
    this.stride = s;
    this.dilation = d;
    this.padBefore = pb;
    this.padAfter = pa;
    // Full windows: start ≥ 0 and start + (k−1)·d ≤ L − 1; start grows with o, so a range.
    let lo = Math.max(0, Math.ceil(pb / s));
    let hi = Math.min(O, Math.floor((L - 1 - (k - 1) * d + pb) / s) + 1);
    if (lo >= hi) lo = hi = O;
    this.fullLo = lo;
    this.fullHi = hi;
    const edges = lo + (O - hi);
    this.edgeFirst = new Int32Array(edges);
    this.edgeCount = new Int32Array(edges);
    this.edgePadded = new Int32Array(edges);
    for (let o = 0; o < O; o++) {
      if (o === lo) o = hi;
      if (o >= O) break;
      const e = this.slot(o);
      const start = o * s - pb;
      const jLo = start >= 0 ? 0 : Math.ceil(-start / d);
      const jHi = start > L - 1 ? 0 : Math.min(k, Math.floor((L - 1 - start) / d) + 1);
      const n = Math.max(0, jHi - jLo);
      this.edgeCount[e] = n;
      this.edgeFirst[e] = n > 0 ? start + jLo * d : 0;
      this.edgePadded[e] = Math.max(0, Math.min(k, Math.floor((L + pa - 1 - start) / d) + 1));
    }
  }

  private slot(o: number): number {
    return o < this.fullLo ? o : o - this.fullHi + this.fullLo;
  }

  /** First in-bounds input coordinate of window o (meaningful when count(o) > 0). */
  first(o: number): number {
    return o >= this.fullLo && o < this.fullHi ? o * this.stride - this.padBefore : this.edgeFirst[this.slot(o)]!;
  }

  /** In-bounds taps of window o: the count_include_pad=False divisor factor. */
  count(o: number): number {
    return o >= this.fullLo && o < this.fullHi ? this.kernel : this.edgeCount[this.slot(o)]!;
  }

  /** Taps inside the padded extent [−padBefore, length + padAfter): the count_include_pad=True factor. */
  padded(o: number): number {
    return o >= this.fullLo && o < this.fullHi ? this.kernel : this.edgePadded[this.slot(o)]!;
  }
}

export function axisPlan(L: number, O: number, k: number, s: number, d: number, pb: number, pa: number): AxisPlan {
  return new AxisPlan(L, O, k, s, d, pb, pa);
}

export interface Plan {
  readonly info: PoolInfo;
  /** prod(batchShape): independent planes. */
  readonly planes: number;
  readonly inPlane: number;
  readonly outPlane: number;
  readonly axes: readonly AxisPlan[];
}

export function makePlan(info: PoolInfo): Plan {
  const axes = info.inSpatial.map((L, i) =>
    axisPlan(L, info.outSpatial[i]!, info.kernel[i]!, info.stride[i]!, info.dilation[i]!, info.padBefore[i]!, info.padAfter[i]!),
  );
  return {
    info,
    planes: product(info.batchShape),
    inPlane: product(info.inSpatial),
    outPlane: product(info.outSpatial),
    axes,
  };
}

/** Window volume (kernel taps, padding included). */
export function kernelVolume(plan: Plan): number {
  return product(plan.info.kernel);
}

/** Outputs whose whole window is inside the input (may be empty along some axis). */
export function interiorBox(plan: Plan): Box {
  return { lo: plan.axes.map((a) => a.fullLo), hi: plan.axes.map((a) => a.fullHi) };
}
