import { adaptiveBins, resolveAdaptive } from './adaptive.js';
import { resolvePool } from './info.js';
import type { PoolInfo } from './info.js';
import { PoolingError } from './types.js';
import type { PoolOptions } from './types.js';
import { checkShape, describe } from './validate.js';

export interface PoolWindow {
  /** In-bounds spatial input coords of the window, row-major (dilation gaps skipped). */
  cells: number[][];
  /** Window taps that fall in the padding: outside [0, L) but inside [−padBefore, L + padAfter). */
  padding: number[][];
}

/**
 * The window of output `outIndex` (spatial coords). Taps beyond the padded extent (the overhang of
 * a ceil-mode window) are in neither list; cells.length + padding.length is the avg divisor with
 * countIncludePad, cells.length the one without.
 */
export function windowOf(inputShape: readonly number[], options: PoolOptions, outIndex: readonly number[]): PoolWindow {
  const { info } = resolvePool(inputShape, options);
  const o = checkIndex(outIndex, info.outSpatial, 'outIndex');
  checkWindowSize(info.kernel, 'kernel');
  const inside: number[][] = [];
  const counted: number[][] = [];
  for (let a = 0; a < o.length; a++) {
    const taps = axisTaps(info, a, o[a]!);
    inside.push(taps.filter((t) => t >= 0 && t < info.inSpatial[a]!));
    counted.push(taps.filter((t) => t >= -info.padBefore[a]! && t < info.inSpatial[a]! + info.padAfter[a]!));
  }
  const cells = cartesian(inside);
  const padding = cartesian(counted).filter((c) => c.some((t, a) => t < 0 || t >= info.inSpatial[a]!));
  return { cells, padding };
}

/** Window of adaptive output `outIndex`: bin floor(i·L/O) .. ceil((i+1)·L/O) per axis; never padded. */
export function adaptiveWindowOf(inputShape: readonly number[], outputSize: readonly (number | null)[], outIndex: readonly number[]): PoolWindow {
  const a = resolveAdaptive(checkShape(inputShape, 'inputShape'), outputSize);
  const o = checkIndex(outIndex, a.outSpatial, 'outIndex');
  const bins = o.map((_, i) => adaptiveBins(a.inSpatial[i]!, a.outSpatial[i]!));
  checkWindowSize(
    o.map((oi, i) => bins[i]!.size[oi]!),
    'outputSize',
  );
  const axes = o.map((oi, i) => {
    const start = bins[i]!.start[oi]!;
    return Array.from({ length: bins[i]!.size[oi]! }, (_, j) => start + j);
  });
  return { cells: cartesian(axes), padding: [] };
}

/** Windows are listed cell by cell (for the UI), so a window this large cannot be listed. */
export const MAX_WINDOW_CELLS = 2 ** 22;

function checkWindowSize(extent: readonly number[], parameter: string): void {
  const cells = extent.reduce((n, k) => n * k, 1);
  if (cells > MAX_WINDOW_CELLS) {
    throw new PoolingError(`window too large to list: ${extent.join('×')} = ${cells} cells, more than the limit of ${MAX_WINDOW_CELLS}`, parameter);
  }
}

export function axisTaps(info: PoolInfo, axis: number, o: number): number[] {
  const start = o * info.stride[axis]! - info.padBefore[axis]!;
  return Array.from({ length: info.kernel[axis]! }, (_, j) => start + j * info.dilation[axis]!);
}

export function checkIndex(index: readonly number[], sizes: readonly number[], parameter: string): number[] {
  if (!Array.isArray(index) || index.length !== sizes.length) {
    throw new PoolingError(`${parameter} must have ${sizes.length} coordinates, got ${describe(index)}`, parameter);
  }
  return index.map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= sizes[i]!) {
      throw new PoolingError(`${parameter}[${i}] = ${describe(v)} is outside 0..${sizes[i]! - 1}`, parameter);
    }
    return v;
  });
}

/** Row-major cartesian product of per-axis coordinate lists. */
export function cartesian(lists: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const list of lists) {
    const next: number[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, v]);
    out = next;
  }
  return out;
}
