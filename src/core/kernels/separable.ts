import type { AxisPlan, Plan } from './plan.js';
import { scratchF64, scratchI32 } from './scratch.js';
import type { Arr } from './types.js';

/**
 * One reduction along one axis. A separable kernel reduces the last axis first, then the ones
 * before it: for max that keeps PyTorch's row-major fold order (the fold is associative, so
 * reducing the innermost axis first and combining in increasing order along the outer axes is
 * the same fold), which is what decides ties, ±0 and which NaN's index wins.
 */
export interface AxisOps {
  readonly withIdx: boolean;
  /** Value of an output whose window has no input cell. */
  readonly emptyValue: number;
  /**
   * Last axis: src holds `rows` contiguous rows of ax.length; write outputs [o0, o1) of each row
   * as rows × (o1 − o0) into dst. Indices are implicit: cell i of row r has plane index
   * idxBase + r·idxRowStride + i.
   */
  rows(
    src: Arr,
    so: number,
    rows: number,
    ax: AxisPlan,
    o0: number,
    o1: number,
    dst: Float64Array,
    dOff: number,
    dIdx: Int32Array | null,
    idxBase: number,
    idxRowStride: number,
  ): void;
  /**
   * A middle axis: src is outer × L × inner (indices explicit in sIdx); write outputs [o0, o1) as
   * outer × (o1 − o0) × inner into dst. Window o reads positions ax.first(o) − shift + j·dilation.
   */
  cols(
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
  ): void;
}

/** Receives axis-0 outputs [o0, o1) of one plane: (o1 − o0) · prod(outSpatial[1..]) values. */
export type Emit = (plane: number, o0: number, o1: number, vals: Float64Array, idx: Int32Array | null) => void;

/** Elements of work rows kept per band: about 1 MiB of float64, so a band stays in cache. */
const BAND_ELEMENTS = 2 ** 17;
/** Outputs per chunk of a 1-D row (a 10M-sample signal is done in cache-sized pieces). */
const ROW_CHUNK = 2 ** 13;

export function runSeparable(plan: Plan, src: Arr, ops: AxisOps, emit: Emit): void {
  const axes = plan.axes;
  const d = axes.length;
  const ax0 = axes[0]!;
  if (d === 1) {
    const O = ax0.outLength;
    const stage = scratchF64('c', Math.min(O, ROW_CHUNK));
    const stageIdx = ops.withIdx ? scratchI32('c', Math.min(O, ROW_CHUNK)) : null;
    for (let p = 0; p < plan.planes; p++) {
      for (let o0 = 0; o0 < O; o0 += ROW_CHUNK) {
        const o1 = Math.min(O, o0 + ROW_CHUNK);
        ops.rows(src, p * plan.inPlane, 1, ax0, o0, o1, stage, 0, stageIdx, 0, 0);
        emit(p, o0, o1, stage, stageIdx);
      }
    }
    return;
  }
  const innerIn0 = plan.inPlane / ax0.length;
  const innerOut0 = plan.outPlane / ax0.outLength;
  const ext0 = ax0.dilation * (ax0.kernel - 1) + 1;
  // Bands of axis-0 outputs: big enough that re-reading the overlap (ext0 − stride rows) is
  // cheap, small enough that the work rows stay in cache.
  const band = Math.min(ax0.outLength, Math.max(1, Math.ceil((4 * ext0) / ax0.stride), Math.floor(BAND_ELEMENTS / (ax0.stride * innerIn0))));
  const shape = new Array<number>(d);
  for (let p = 0; p < plan.planes; p++) {
    const so = p * plan.inPlane;
    for (let b0 = 0; b0 < ax0.outLength; b0 += band) {
      const b1 = Math.min(ax0.outLength, b0 + band);
      let lo = Infinity;
      let hi = -Infinity;
      for (let o = b0; o < b1; o++) {
        const n = ax0.count(o);
        if (n === 0) continue;
        lo = Math.min(lo, ax0.first(o));
        hi = Math.max(hi, ax0.first(o) + (n - 1) * ax0.dilation + 1);
      }
      const nOut = (b1 - b0) * innerOut0;
      const stage = scratchF64('c', nOut);
      const stageIdx = ops.withIdx ? scratchI32('c', nOut) : null;
      if (lo > hi) {
        stage.fill(ops.emptyValue);
        stageIdx?.fill(-1);
        emit(p, b0, b1, stage, stageIdx);
        continue;
      }
      const slabRows = hi - lo;
      shape[0] = slabRows;
      for (let a = 1; a < d; a++) shape[a] = axes[a]!.length;
      let cur: Float64Array | null = null;
      let curIdx: Int32Array | null = null;
      for (let a = d - 1; a >= 1; a--) {
        const ax = axes[a]!;
        let outer = 1;
        for (let i = 0; i < a; i++) outer *= shape[i]!;
        let inner = 1;
        for (let i = a + 1; i < d; i++) inner *= shape[i]!;
        const n = outer * ax.outLength * inner;
        const slot = (d - 1 - a) % 2 === 0 ? 'a' : 'b';
        const next = scratchF64(slot, n);
        const nextIdx = ops.withIdx ? scratchI32(slot, n) : null;
        if (cur === null) {
          ops.rows(src, so + lo * innerIn0, outer, ax, 0, ax.outLength, next, 0, nextIdx, lo * innerIn0, ax.length);
        } else {
          ops.cols(cur, 0, curIdx, outer, ax.length, inner, ax, 0, ax.outLength, 0, next, 0, nextIdx);
        }
        cur = next;
        curIdx = nextIdx;
        shape[a] = ax.outLength;
      }
      ops.cols(cur!, 0, curIdx, 1, slabRows, innerOut0, ax0, b0, b1, lo, stage, 0, stageIdx);
      emit(p, b0, b1, stage, stageIdx);
    }
  }
}
