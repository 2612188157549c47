import { PoolingError } from './types.js';
import type { NDArray, PoolResult } from './types.js';
import { checkArray, checkIntArray, checkOutputCells, checkSpatial, describe, product } from './validate.js';

/**
 * Window starts of one axis, exactly as torch's generate_intervals: with α = (L − k)/(O − 1),
 * start i = int((i + u)·α) − int(u·α) and the last start is L − k. torch computes in the
 * input's dtype, so for float32 input every step is rounded to float32 (u included).
 */
export function fractionalStarts(u: number, L: number, O: number, k: number, f32: boolean): Int32Array {
  const f = f32 ? Math.fround : (v: number) => v;
  const seq = new Int32Array(O);
  if (O > 1) {
    const uu = f(u);
    const alpha = f(f(L - k) / f(O - 1));
    const base = Math.trunc(f(uu * alpha));
    for (let i = 0; i < O - 1; i++) seq[i] = Math.trunc(f(f(i + uu) * alpha)) - base;
  }
  if (O > 0) seq[O - 1] = L - k;
  return seq;
}

/**
 * Which sample drives which spatial axis: torch's 2-D kernel reads u[0] for W and u[1] for H;
 * its 3-D kernel reads u[0], u[1], u[2] for T, H, W.
 */
export function sampleForAxis(d: number, axis: number): number {
  return d === 2 ? 1 - axis : axis;
}

/**
 * fractional_max_pool{2,3}d with given `_random_samples` (shape (N, C, d): one row of d samples
 * per plane, all leading dims flattened). 1-D works the same way with one sample per plane.
 * Indices are always returned (torch always computes them).
 */
export function fractionalMaxPool(input: NDArray, kernel: readonly number[], outputSize: readonly number[], samples: Float64Array): PoolResult {
  const shape = checkArray(input);
  if (!Array.isArray(kernel) || kernel.length < 1 || kernel.length > 3) {
    throw new PoolingError(`fractional max pooling takes a kernel of 1 to 3 spatial dims, got ${describe(kernel)}`, 'kernel');
  }
  const d = kernel.length;
  checkSpatial(shape, d, 'kernel');
  const k = checkIntArray(kernel, d, 1, 'kernel');
  // 0 is allowed, as in torch: an empty output.
  const O = checkIntArray(outputSize, d, 0, 'outputSize');
  const L = shape.slice(shape.length - d);
  for (let i = 0; i < d; i++) {
    if (k[i]! > L[i]!) {
      throw new PoolingError(`kernel[${i}] = ${k[i]} is larger than the input size ${L[i]}`, 'kernel');
    }
    // torch: output + k − 1 ≤ input in 2-D; its 3-D kernel demands strictly less.
    const need = O[i]! + k[i]! - 1;
    if (d === 3 ? need >= L[i]! : need > L[i]!) {
      throw new PoolingError(
        `outputSize[${i}] = ${O[i]} is too large for input size ${L[i]} with kernel ${k[i]} ` +
          `(needs outputSize + kernel − 1 ${d === 3 ? '<' : '≤'} input size)`,
        'outputSize',
      );
    }
  }
  const batchShape = shape.slice(0, shape.length - d);
  const outShape = [...batchShape, ...O];
  checkOutputCells(product(outShape), outShape);
  const planes = product(batchShape);
  if (!(samples instanceof Float64Array) || samples.length !== planes * d) {
    throw new PoolingError(
      `samples must be a Float64Array of ${planes}·${d} = ${planes * d} values (one row of ${d} per plane), got ${samples instanceof Float64Array ? samples.length : describe(samples)}`,
      'samples',
    );
  }
  for (let i = 0; i < samples.length; i++) {
    const u = samples[i]!;
    if (!(u >= 0 && u < 1)) throw new PoolingError(`samples[${i}] = ${describe(u)} must be in [0, 1)`, 'samples');
  }

  const src = input.data;
  const f32 = src instanceof Float32Array;
  const inPlane = product(L);
  const outPlane = product(O);
  const output = f32 ? new Float32Array(planes * outPlane) : new Float64Array(planes * outPlane);
  const indices = new Int32Array(planes * outPlane);
  const inStride = new Array<number>(d);
  let st = 1;
  for (let i = d - 1; i >= 0; i--) {
    inStride[i] = st;
    st *= L[i]!;
  }
  const o = new Array<number>(d);
  const j = new Array<number>(d);
  for (let p = 0; p < (outPlane > 0 ? planes : 0); p++) {
    const starts = L.map((Li, i) => fractionalStarts(samples[p * d + sampleForAxis(d, i)]!, Li, O[i]!, k[i]!, f32));
    const so = p * inPlane;
    o.fill(0);
    for (let outPos = p * outPlane; ; outPos++) {
      let start = 0;
      for (let i = 0; i < d; i++) start += starts[i]![o[i]!]! * inStride[i]!;
      // Row-major fold with torch's rule: NaN wins (last NaN), ties keep the first cell.
      let best = src[so + start]!;
      let bi = start;
      j.fill(0);
      let q = start;
      for (;;) {
        const v = src[so + q]!;
        if (v > best || v !== v) {
          best = v;
          bi = q;
        }
        let a = d - 1;
        while (a >= 0) {
          j[a]!++;
          q += inStride[a]!;
          if (j[a]! < k[a]!) break;
          q -= inStride[a]! * k[a]!;
          j[a] = 0;
          a--;
        }
        if (a < 0) break;
      }
      output[outPos] = best;
      indices[outPos] = bi;
      let a = d - 1;
      while (a >= 0) {
        o[a]!++;
        if (o[a]! < O[a]!) break;
        o[a] = 0;
        a--;
      }
      if (a < 0) break;
    }
  }
  return { output: { shape: outShape, data: output }, indices };
}
