import { adaptivePool } from './adaptive.js';
import { checkMode } from './info.js';
import { torchSum } from './kernels/cascade.js';
import { pool } from './pool.js';
import type { NDArray, PoolMode, PoolResult } from './types.js';
import { checkArray, checkInt, checkSpatial, product } from './validate.js';

/**
 * Pools each plane of the last `spatialDims` dims down to one value, as torch would:
 * avg = adaptive_avg_poolNd(x, 1) = x.mean(spatial dims); sum = x.sum(spatial dims) (both in
 * torch.sum's order); max/min/lp = the pooling op with the whole plane as kernel (max/min return
 * indices).
 */
export function globalPool(input: NDArray, spatialDims: number, mode: PoolMode): PoolResult {
  const shape = checkArray(input);
  const d = checkInt(spatialDims, 1, 'spatialDims', 'spatialDims');
  checkSpatial(shape, d, 'spatialDims');
  const m = checkMode(mode);
  const spatial = shape.slice(shape.length - d);
  if (m === 'avg')
    return adaptivePool(
      input,
      spatial.map(() => 1),
      'avg',
    );
  if (m === 'sum') {
    const src = input.data;
    const f32 = src instanceof Float32Array;
    const batch = shape.slice(0, shape.length - d);
    const planes = product(batch);
    const inPlane = product(spatial);
    const out = f32 ? new Float32Array(planes) : new Float64Array(planes);
    for (let p = 0; p < planes; p++) out[p] = torchSum(src, p * inPlane, inPlane, f32);
    return { output: { shape: [...batch, ...spatial.map(() => 1)], data: out } };
  }
  return pool(input, { mode: m, kernel: spatial, returnIndices: m === 'max' || m === 'min' });
}
