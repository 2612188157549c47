import type { Plan } from '../plan.js';

/**
 * A pooling call seen as planes of H×W (1-D: H = 1) with a window kh×kw, strides sh, sw and the
 * padding before each axis. Padded coordinates: input cell (r, c) sits at (r + pbh, c + pbw);
 * output (o, q) reads padded rows [o·sh, o·sh + kh) and columns [q·sw, q·sw + kw). Rows or
 * columns a window reaches beyond the input are fill cells (torch's padding, or ceil mode).
 */
export interface Geometry {
  readonly planes: number;
  readonly H: number;
  readonly W: number;
  readonly OH: number;
  readonly OW: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pbh: number;
  readonly pbw: number;
  /** Output columns [fullLo, fullHi) have windows wholly inside a row (no padding, no overhang). */
  readonly fullLo: number;
  readonly fullHi: number;
}

/**
 * The SIMD kernels cover 1-D and 2-D windows without dilation, no longer than the input, with a
 * column stride of 1 or 2.
 */
export function geometryOf(plan: Plan): Geometry | null {
  const axes = plan.axes;
  if (axes.length > 2 || axes.some((a) => a.dilation !== 1 || a.kernel > a.length)) return null;
  const w = axes[axes.length - 1]!;
  if (w.stride > 2) return null;
  const h = axes.length === 2 ? axes[0]! : null;
  return {
    planes: plan.planes,
    H: h?.length ?? 1,
    W: w.length,
    OH: h?.outLength ?? 1,
    OW: w.outLength,
    kh: h?.kernel ?? 1,
    kw: w.kernel,
    sh: h?.stride ?? 1,
    sw: w.stride,
    pbh: h?.padBefore ?? 0,
    pbw: w.padBefore,
    fullLo: w.fullLo,
    fullHi: w.fullHi,
  };
}
