import { checkAccumulate } from './info.js';
import { torchSum } from './kernels/cascade.js';
import type { Arr } from './kernels/types.js';
import { PoolingError } from './types.js';
import type { Accumulate, NDArray, PoolResult } from './types.js';
import { checkArray, checkBoolean, checkInt, checkOutputCells, checkSpatial, describe, product } from './validate.js';

/** Adaptive bins of one axis: bin i covers [floor(i·L/O), ceil((i+1)·L/O)). */
export interface Bins {
  readonly start: Int32Array;
  readonly size: Int32Array;
}

export function adaptiveBins(L: number, O: number): Bins {
  const start = new Int32Array(O);
  const size = new Int32Array(O);
  for (let i = 0; i < O; i++) {
    const s = floorDiv(i * L, i, L, O);
    const e = -floorDiv(-(i + 1) * L, -(i + 1), L, O);
    start[i] = s;
    size[i] = e - s;
  }
  return { start, size };
}

/** floor(a·L / O) for a·L = product, exact: float division is exact enough below 2^53. */
function floorDiv(product: number, a: number, L: number, O: number): number {
  if (Math.abs(product) <= Number.MAX_SAFE_INTEGER) return Math.floor(product / O);
  const num = BigInt(a) * BigInt(L);
  const den = BigInt(O);
  const q = num / den;
  return Number(num % den !== 0n && num < 0n ? q - 1n : q);
}

export interface AdaptiveResolved {
  d: number;
  batchShape: number[];
  inSpatial: number[];
  outSpatial: number[];
}

/** Validates outputSize against the input shape; null keeps that dim. */
export function resolveAdaptive(inputShape: readonly number[], outputSize: readonly (number | null)[]): AdaptiveResolved {
  if (!Array.isArray(outputSize) || outputSize.length === 0) {
    throw new PoolingError(`outputSize must be a non-empty array of sizes (or null), got ${describe(outputSize)}`, 'outputSize');
  }
  const d = outputSize.length;
  checkSpatial(inputShape, d, 'outputSize');
  const batchShape = inputShape.slice(0, inputShape.length - d);
  const inSpatial = inputShape.slice(inputShape.length - d);
  // 0 is allowed, as in torch: an empty output.
  const outSpatial = outputSize.map((v, i) => (v === null ? inSpatial[i]! : checkInt(v, 0, 'outputSize', `outputSize[${i}]`)));
  const shape = [...batchShape, ...outSpatial];
  checkOutputCells(product(shape), shape);
  return { d, batchShape, inSpatial, outSpatial };
}

/**
 * PyTorch's adaptive_{max,avg}_pool{1,2,3}d (any number of spatial dims here).
 * avg divides step by step, sum / k0 / k1 / …, as torch does; when every output size is 1 torch
 * computes input.mean() instead, and so do we (its summation order, see kernels/cascade.ts).
 */
export function adaptivePool(
  input: NDArray,
  outputSize: readonly (number | null)[],
  mode: 'max' | 'avg',
  options?: { returnIndices?: boolean; accumulate?: Accumulate },
): PoolResult {
  const shape = checkArray(input);
  if (mode !== 'max' && mode !== 'avg') {
    throw new PoolingError(`adaptive pooling mode must be 'max' or 'avg', got ${describe(mode)}`, 'mode');
  }
  const a = resolveAdaptive(shape, outputSize);
  const returnIndices = checkBoolean(options?.returnIndices, 'returnIndices') ?? false;
  if (returnIndices && mode !== 'max') {
    throw new PoolingError('returnIndices is only available for adaptive max pooling', 'returnIndices');
  }
  const accumulate = checkAccumulate(options?.accumulate);
  const src = input.data;
  const f32 = src instanceof Float32Array && accumulate === 'torch';
  const planes = product(a.batchShape);
  const inPlane = product(a.inSpatial);
  const outPlane = product(a.outSpatial);
  const output = src instanceof Float32Array ? new Float32Array(planes * outPlane) : new Float64Array(planes * outPlane);
  const indices = returnIndices ? new Int32Array(planes * outPlane) : null;
  const bins = a.inSpatial.map((L, i) => adaptiveBins(L, a.outSpatial[i]!));
  if (mode === 'avg' && outPlane === 1) {
    const n = f32 ? Math.fround(inPlane) : inPlane;
    for (let p = 0; p < planes; p++) output[p] = torchSum(src, p * inPlane, inPlane, f32) / n;
  } else if (outPlane > 0) {
    for (let p = 0; p < planes; p++) {
      adaptivePlane(mode, bins, a.inSpatial, src, p * inPlane, output, p * outPlane, indices, f32);
    }
  }
  const result: PoolResult = { output: { shape: [...a.batchShape, ...a.outSpatial], data: output } };
  if (indices !== null) result.indices = indices;
  return result;
}

/** One plane, any number of axes: odometer over outputs, row-major fold over each bin. */
function adaptivePlane(
  mode: 'max' | 'avg',
  bins: readonly Bins[],
  inSpatial: readonly number[],
  src: Arr,
  so: number,
  dst: Arr,
  dOff: number,
  idx: Int32Array | null,
  f32: boolean,
): void {
  const d = bins.length;
  const inStride = new Array<number>(d);
  let st = 1;
  for (let i = d - 1; i >= 0; i--) {
    inStride[i] = st;
    st *= inSpatial[i]!;
  }
  const o = new Array<number>(d).fill(0);
  const j = new Array<number>(d).fill(0);
  const n = new Array<number>(d).fill(0);
  const last = d - 1;
  const wStride = inStride[last]!;
  let row = 0;
  for (let outPos = dOff; ; outPos++) {
    let start = 0;
    for (let a = 0; a < d; a++) {
      start += bins[a]!.start[o[a]!]! * inStride[a]!;
      n[a] = bins[a]!.size[o[a]!]!;
    }
    const nw = n[last]!;
    j.fill(0);
    row = start;
    if (mode === 'max') {
      let best = src[so + start]!;
      let bi = start;
      for (;;) {
        for (let w = 0, q = row; w < nw; w++, q += wStride) {
          const v = src[so + q]!;
          if (v > best || v !== v) {
            best = v;
            bi = q;
          }
        }
        if (!nextRow()) break;
      }
      dst[outPos] = best;
      if (idx !== null) idx[outPos] = bi;
    } else {
      let s = 0;
      for (;;) {
        if (f32) for (let w = 0, q = so + row; w < nw; w++, q += wStride) s = Math.fround(s + src[q]!);
        else for (let w = 0, q = so + row; w < nw; w++, q += wStride) s += src[q]!;
        if (!nextRow()) break;
      }
      // torch: sum / kh / kw (3-D: / kd / kh / kw), one division per axis, in axis order.
      for (let a = 0; a < d; a++) s = f32 ? Math.fround(s / n[a]!) : s / n[a]!;
      dst[outPos] = s;
    }
    let a = last;
    while (a >= 0) {
      o[a]!++;
      if (o[a]! < bins[a]!.start.length) break;
      o[a] = 0;
      a--;
    }
    if (a < 0) return;
  }

  /** Advances `row` to the next row of the bin (all axes but the last); false when done. */
  function nextRow(): boolean {
    let a = last - 1;
    while (a >= 0) {
      j[a]!++;
      row += inStride[a]!;
      if (j[a]! < n[a]!) return true;
      row -= inStride[a]! * n[a]!;
      j[a] = 0;
      a--;
    }
    return false;
  }
}
