import { PoolingError } from './types.js';
import type { NDArray } from './types.js';
import { checkArray, checkIntArray, checkOutputCells, describe, product } from './validate.js';

/**
 * max_unpool: scatters each value to its flat per-plane index in a zero plane of
 * `outputSpatialShape` (pass the ORIGINAL input's spatial shape: torch's default size is wrong
 * after ceil mode or padding). Later values overwrite earlier ones at the same index, as torch's
 * sequential loop does. Any index outside the plane is an error, as in torch — including −1,
 * which pool() reports for a window with no input cell (torch's index there is outside the plane
 * too, or points at an unrelated cell).
 */
export function unpool(values: NDArray, indices: Int32Array, outputSpatialShape: readonly number[]): NDArray {
  const shape = checkArray(values, 'values');
  if (!(indices instanceof Int32Array)) {
    throw new PoolingError(`indices must be an Int32Array, got ${describe(indices)}`, 'indices');
  }
  if (indices.length !== values.data.length) {
    throw new PoolingError(`indices has ${indices.length} entries but values has ${values.data.length}`, 'indices');
  }
  if (!Array.isArray(outputSpatialShape) || outputSpatialShape.length === 0 || outputSpatialShape.length > shape.length) {
    throw new PoolingError(
      `outputSpatialShape must list 1 to ${shape.length} sizes (the spatial dims of the pooled input), got ${describe(outputSpatialShape)}`,
      'outputSpatialShape',
    );
  }
  const d = outputSpatialShape.length;
  const spatial = checkIntArray(outputSpatialShape, d, 1, 'outputSpatialShape');
  const batchShape = shape.slice(0, shape.length - d);
  const outShape = [...batchShape, ...spatial];
  checkOutputCells(product(outShape), outShape);
  const planes = product(batchShape);
  const inPlane = product(shape, shape.length - d);
  const outPlane = product(spatial);
  for (let i = 0; i < indices.length; i++) {
    const ix = indices[i]!;
    if (ix < 0 || ix >= outPlane) {
      throw new PoolingError(`indices[${i}] = ${ix} is outside the output plane of ${outPlane} cells (outputSpatialShape ${describe(spatial)})`, 'indices');
    }
  }
  const src = values.data;
  const out = src instanceof Float32Array ? new Float32Array(planes * outPlane) : new Float64Array(planes * outPlane);
  for (let p = 0; p < planes; p++) {
    const so = p * inPlane;
    const dOff = p * outPlane;
    for (let i = 0; i < inPlane; i++) {
      const ix = indices[so + i]!;
      out[dOff + ix] = src[so + i]!;
    }
  }
  return { shape: outShape, data: out };
}
