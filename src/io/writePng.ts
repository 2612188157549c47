import { encode } from 'fast-png';
import type { NDArray } from '../core/types';
import { WriteError } from './errors';

/**
 * Encodes an array as an 8-bit PNG. [H, W] is gray; [C, H, W] with C = 1 (gray),
 * 2 (gray+alpha), 3 (RGB) or 4 (RGBA). Values are mapped linearly from `range` (default:
 * the finite min..max of all values, alpha included) to 0..255, rounded and clamped;
 * NaN becomes 0, and when the range is empty every value maps to 0.
 */
export function writePng(array: NDArray, options?: { range?: [number, number] }): Uint8Array {
  const { shape, data } = array;
  let channels: number;
  let height: number;
  let width: number;
  if (shape.length === 2) {
    [height, width] = shape as [number, number];
    channels = 1;
  } else if (shape.length === 3 && shape[0]! >= 1 && shape[0]! <= 4) {
    [channels, height, width] = shape as [number, number, number];
  } else {
    throw new WriteError('png', `PNG needs shape [H, W] or [C, H, W] with C = 1, 2, 3 or 4; got [${shape.join(', ')}].`);
  }
  if (height < 1 || width < 1) throw new WriteError('png', `PNG needs at least 1×1 pixels; got ${width}×${height}.`);
  const plane = width * height;
  if (data.length !== channels * plane)
    throw new WriteError('png', `shape [${shape.join(', ')}] needs ${channels * plane} values but the data has ${data.length}.`);

  const [lo, hi] = options?.range ?? finiteRange(data);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new WriteError('png', `the range [${lo}, ${hi}] must be finite.`);
  const span = hi > lo ? hi - lo : Infinity; // an empty range maps everything to 0

  const pixels = new Uint8Array(channels * plane);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane; i++) {
      const v = data[c * plane + i]!;
      // NaN fails both comparisons and stays 0.
      const t = ((v - lo) * 255) / span; // multiply first: 50 * 2.55 would round to 127
      pixels[i * channels + c] = t >= 255 ? 255 : t > 0 ? Math.round(t) : 0;
    }
  }
  return encode({ width, height, data: pixels, channels, depth: 8 });
}

function finiteRange(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Only ±Infinity / NaN: nothing finite to scale by.
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo > hi) return [0, 0];
  }
  return [lo, hi];
}
