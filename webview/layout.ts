// Which axes of an array are spatial, which one holds colour channels, and how to cut
// the block the panel pools: [planes, ...spatial], contiguous, in C order. Pure.
import type { NDArray } from '../src/core/types';

export interface ImageHint {
  width: number;
  height: number;
  channels: number;
}

export interface Layout {
  /** Ascending axes pooled over, 1 to 3 of them. */
  spatialAxes: number[];
  /** A non-spatial axis of size 3 or 4 that can be shown as an RGB picture, if any. */
  channelAxis: number | null;
}

const isChannelCount = (n: number | undefined): boolean => n !== undefined && n >= 1 && n <= 4;

/**
 * A first guess: images as decoded ([C, H, W]), channels-last arrays ([H, W, C] or
 * [N, H, W, C] with C in 1..4 and an image-sized H, W), otherwise the last two axes.
 */
export function detectLayout(shape: readonly number[], image?: ImageHint): Layout {
  const n = shape.length;
  let spatialAxes: number[];
  if (n <= 1) spatialAxes = [0];
  else if (image && n === 3 && shape[2] === image.channels && shape[0] === image.height && shape[1] === image.width) spatialAxes = [0, 1];
  else if (!image && looksChannelsLast(shape)) spatialAxes = [n - 3, n - 2];
  else spatialAxes = [n - 2, n - 1];
  return { spatialAxes, channelAxis: channelAxisFor(shape, spatialAxes) };
}

function looksChannelsLast(shape: readonly number[]): boolean {
  const n = shape.length;
  if (n !== 3 && n !== 4) return false;
  const h = shape[n - 3]!;
  const w = shape[n - 2]!;
  const c = shape[n - 1]!;
  return isChannelCount(c) && h >= 8 && w >= 8;
}

/**
 * The colour axis of an RGB(A) picture: the axis right after the spatial ones
 * (channels last) if there is one, else the axis right before them (channels first),
 * when its size is 3 or 4. A batch axis elsewhere is never taken for colours.
 */
export function channelAxisFor(shape: readonly number[], spatialAxes: readonly number[]): number | null {
  const after = spatialAxes[spatialAxes.length - 1]! + 1;
  const before = spatialAxes[0]! - 1;
  const candidate = after < shape.length ? after : before;
  if (candidate < 0 || spatialAxes.includes(candidate)) return null;
  return shape[candidate] === 3 || shape[candidate] === 4 ? candidate : null;
}

/** True when the spatial axes are the last ones but one axis, i.e. channels-last. */
export function isChannelsLast(shape: readonly number[], spatialAxes: readonly number[]): boolean {
  const n = shape.length;
  const d = spatialAxes.length;
  return n >= d + 1 && spatialAxes.every((a, i) => a === n - 1 - d + i);
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

export interface Block {
  /** [planes, ...spatial] */
  array: NDArray;
  planes: number;
  spatialShape: number[];
  /** The axis the planes run along (null: a single plane). */
  planeAxis: number | null;
}

/**
 * The block to pool: the spatial axes at `indices` for every other axis, with
 * `planeAxis` (if given) kept whole as the leading dimension. A zero-copy view when
 * the layout allows (spatial axes last, plane axis just before them), a gathered copy
 * otherwise.
 */
export function extractBlock(
  data: Float32Array | Float64Array,
  shape: readonly number[],
  spatialAxes: readonly number[],
  indices: readonly number[],
  planeAxis: number | null,
): Block {
  const n = shape.length;
  const d = spatialAxes.length;
  const strides = stridesOf(shape);
  const spatialShape = spatialAxes.map((a) => shape[a]!);
  const planes = planeAxis === null ? 1 : shape[planeAxis]!;
  let base = 0;
  for (let a = 0; a < n; a++) {
    if (spatialAxes.includes(a) || a === planeAxis) continue;
    base += Math.max(0, Math.min(shape[a]! - 1, indices[a] ?? 0)) * strides[a]!;
  }
  const planeSize = spatialShape.reduce((p, q) => p * q, 1);
  const total = planes * planeSize;
  const spatialLast = spatialAxes.every((a, i) => a === n - d + i);
  const planeAdjacent = planeAxis === null || planeAxis === n - d - 1;
  const out: NDArray['shape'] = [planes, ...spatialShape];
  if (spatialLast && planeAdjacent) {
    return { array: { shape: out, data: data.subarray(base, base + total) }, planes, spatialShape, planeAxis };
  }
  const copy = data instanceof Float64Array ? new Float64Array(total) : new Float32Array(total);
  // Normalise to three spatial axes (leading size-1 axes) so one loop nest serves all.
  const sz = [1, 1, 1];
  const st = [0, 0, 0];
  for (let i = 0; i < d; i++) {
    sz[3 - d + i] = spatialShape[i]!;
    st[3 - d + i] = strides[spatialAxes[i]!]!;
  }
  const [n0, n1, n2] = sz as [number, number, number];
  const [s0, s1, s2] = st as [number, number, number];
  const sp = planeAxis === null ? 0 : strides[planeAxis]!;
  let k = 0;
  for (let p = 0; p < planes; p++) {
    const bp = base + p * sp;
    for (let i0 = 0; i0 < n0; i0++) {
      for (let i1 = 0; i1 < n1; i1++) {
        let src = bp + i0 * s0 + i1 * s1;
        for (let i2 = 0; i2 < n2; i2++, src += s2) copy[k++] = data[src]!;
      }
    }
  }
  return { array: { shape: out, data: copy }, planes, spatialShape, planeAxis };
}
