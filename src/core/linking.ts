import { resolvePool } from './info.js';
import type { PoolOptions } from './types.js';
import { cartesian, checkIndex } from './window.js';

/**
 * Spatial output coords (row-major) whose window contains spatial input cell `inIndex`: the
 * inverse of windowOf's `cells`. Per axis, output o reads tap j at o·stride − padBefore + j·dilation.
 */
export function outputsFedBy(inputShape: readonly number[], options: PoolOptions, inIndex: readonly number[]): number[][] {
  const { info } = resolvePool(inputShape, options);
  const i = checkIndex(inIndex, info.inSpatial, 'inIndex');
  const perAxis = i.map((x, a) => {
    const found: number[] = [];
    for (let j = info.kernel[a]! - 1; j >= 0; j--) {
      const t = x + info.padBefore[a]! - j * info.dilation[a]!;
      if (t < 0 || t % info.stride[a]! !== 0) continue;
      const o = t / info.stride[a]!;
      if (o < info.outSpatial[a]!) found.push(o);
    }
    return found;
  });
  return cartesian(perAxis);
}
