import type { NDArray } from '../../core/types';

/** True when `perm` is a permutation of 0..n-1. */
export function isPermutation(perm: readonly number[], n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Array<boolean>(n).fill(false);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
    seen[p] = true;
  }
  return true;
}

export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/**
 * numpy.transpose(array, perm): output axis i is input axis perm[i]. Returns the input itself
 * for the identity (no copy); otherwise a new array of the same element type, in C order.
 */
export function transpose(array: NDArray, perm: readonly number[]): NDArray {
  const shape = array.shape;
  const n = shape.length;
  if (!isPermutation(perm, n)) throw new RangeError(`transpose: [${perm.join(', ')}] is not a permutation of ${n} axes`);
  if (perm.every((p, i) => p === i)) return array;

  const inStrides = new Array<number>(n);
  let s = 1;
  for (let i = n - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i]!;
  }
  const outShape = perm.map((p) => shape[p]!);
  const stride = perm.map((p) => inStrides[p]!);
  const src = array.data;
  const out = src instanceof Float32Array ? new Float32Array(src.length) : new Float64Array(src.length);
  if (src.length === 0) return { shape: outShape, data: out };

  // Odometer over the output; the innermost axis is a strided copy.
  const last = n - 1;
  const innerLen = outShape[last]!;
  const innerStride = stride[last]!;
  const idx = new Array<number>(n).fill(0);
  let base = 0;
  let o = 0;
  while (o < out.length) {
    for (let j = 0, at = base; j < innerLen; j++, at += innerStride) out[o++] = src[at]!;
    // Advance the outer axes.
    let axis = last - 1;
    while (axis >= 0) {
      idx[axis]!++;
      base += stride[axis]!;
      if (idx[axis]! < outShape[axis]!) break;
      base -= stride[axis]! * outShape[axis]!;
      idx[axis] = 0;
      axis--;
    }
    if (axis < 0) break;
  }
  return { shape: outShape, data: out };
}

/** Drops size-1 axes (keeps at least one axis unless the array is 0-d). */
export function squeeze(array: NDArray): NDArray {
  const shape = array.shape.filter((d) => d !== 1);
  if (shape.length === 0 && array.shape.length > 0) shape.push(1);
  return { shape, data: array.data };
}
