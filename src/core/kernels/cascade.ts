import type { Arr } from './types.js';

/*
 * PyTorch's CPU `sum` over a contiguous run (aten/src/ATen/native/cpu/SumKernel.cpp, 1.13):
 * vector lanes (4 doubles / 8 floats: AVX2 and the generic 32-byte Vectorized), four vectors
 * side by side, and a 4-level cascade of partial sums. adaptive_avg_pool{1,2,3}d to an output
 * of all ones is `input.mean(spatial dims)` = this sum / n, so only this order matches torch
 * there. It matches a single-threaded reduction per plane (always the case when there are
 * several planes); a build dispatching AVX-512 (8 doubles) sums in another order.
 */

const LEVELS = 4;
const ILP = 4;

function ceilLog2(x: number): number {
  if (x <= 2) return 1;
  return 32 - Math.clz32(x - 1);
}

/**
 * multi_row_sum: `size` rows of ILP·width values (row i starts at off + i·ILP·width), summed into
 * ILP·width accumulators with the cascade; returns them in acc[0 .. ILP·width).
 */
function multiRowSum(src: Arr, off: number, size: number, width: number, f32: boolean, acc: Float64Array): void {
  const lanes = ILP * width;
  acc.fill(0, 0, LEVELS * lanes);
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / LEVELS));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const f = Math.fround;
  let i = 0;
  const addRow = (row: number): void => {
    const base = off + row * lanes;
    if (f32) for (let l = 0; l < lanes; l++) acc[l] = f(acc[l]! + src[base + l]!);
    else for (let l = 0; l < lanes; l++) acc[l] = acc[l]! + src[base + l]!;
  };
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) addRow(i);
    for (let j = 1; j < LEVELS; j++) {
      for (let l = 0; l < lanes; l++) {
        const s = acc[j * lanes + l]! + acc[(j - 1) * lanes + l]!;
        acc[j * lanes + l] = f32 ? f(s) : s;
        acc[(j - 1) * lanes + l] = 0;
      }
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) addRow(i);
  for (let j = 1; j < LEVELS; j++) {
    for (let l = 0; l < lanes; l++) {
      const s = acc[l]! + acc[j * lanes + l]!;
      acc[l] = f32 ? f(s) : s;
    }
  }
}

const scratch = new Float64Array(LEVELS * ILP * 8);

/** torch.sum of src[off .. off+n) as PyTorch's CPU kernel adds it (float32 sums when f32). */
export function torchSum(src: Arr, off: number, n: number, f32: boolean): number {
  const f = Math.fround;
  const add = f32 ? (a: number, b: number) => f(a + b) : (a: number, b: number) => a + b;
  const V = f32 ? 8 : 4;
  if (n >= V) {
    // vectorized_inner_sum: row_sum over whole vectors, then the scalar tail, then the lanes.
    const vecCount = Math.floor(n / V);
    const sizeIlp = Math.floor(vecCount / ILP);
    multiRowSum(src, off, sizeIlp, V, f32, scratch);
    // partial_sums[k] is vector k = lanes [k·V, (k+1)·V) of acc[0].
    for (let i = sizeIlp * ILP; i < vecCount; i++) {
      for (let l = 0; l < V; l++) scratch[l] = add(scratch[l]!, src[off + i * V + l]!);
    }
    for (let k = 1; k < ILP; k++) {
      for (let l = 0; l < V; l++) scratch[l] = add(scratch[l]!, scratch[k * V + l]!);
    }
    let total = 0;
    for (let e = vecCount * V; e < n; e++) total = add(total, src[off + e]!);
    for (let l = 0; l < V; l++) total = add(total, scratch[l]!);
    return add(0, total);
  }
  // scalar_inner_sum: row_sum with ILP scalar accumulators.
  const sizeIlp = Math.floor(n / ILP);
  multiRowSum(src, off, sizeIlp, 1, f32, scratch);
  for (let i = sizeIlp * ILP; i < n; i++) scratch[0] = add(scratch[0]!, src[off + i]!);
  for (let k = 1; k < ILP; k++) scratch[0] = add(scratch[0]!, scratch[k]!);
  return add(0, scratch[0]!);
}
