import { valueStats } from './core/stats';
import type { ValueRange as Range } from './protocol';

/**
 * The host's value range of a chunked load (src/chunks.ts): the core's valueStats (SIMD for
 * float32 and float64), the pass the panel's statistics make (webview/stats.ts). NaNs are skipped;
 * ±Infinity count as values; of -0 and +0 the first met stays the min and the max (`<` and `>`
 * do not order them), across slices too. Pure: no host or DOM APIs.
 */

/** Smallest and largest value, NaNs skipped; null when every value is NaN. */
export function valueRange(data: ArrayLike<number>): Range | null {
  const s = valueStats(data);
  return s.count > s.nans ? { min: s.min, max: s.max } : null;
}

/**
 * Values per slice of `valueRangeInSlices`: 16 MiB of float32, 3–4 ms with the core's SIMD pass
 * (up to ~20 ms for integer dtypes, which take the JS loop). Chosen while the web extension
 * host's pauses were timers (nested ones wait ≥ 4 ms: with 1M-value slices 8192²'s first rows
 * were drawn 2.2 s after the first chunk, with these 0.9 s); its pauses are now messages
 * (io/steps.ts), and 1M-value slices measured no better in the workbench (0.57–1.24 s against
 * 0.81–0.87 s after the bytes were read), so the size stayed.
 */
export const RANGE_SLICE_VALUES = 1 << 22;

export interface SliceOptions {
  /** Lets the event loop run; awaited before every slice, so no slice runs in its caller's task. */
  pause: () => Promise<void>;
  /** Asked after every pause: false stops the pass (its load was abandoned). */
  keepGoing?: () => boolean;
  sliceValues?: number;
}

/**
 * `valueRange` a slice at a time, letting other work run between slices (the extension host's
 * thread is every extension's). The same result as one pass; undefined when `keepGoing` stopped it.
 */
export async function valueRangeInSlices(data: ArrayLike<number>, options: SliceOptions): Promise<Range | null | undefined> {
  const { pause, keepGoing = () => true, sliceValues = RANGE_SLICE_VALUES } = options;
  const step = Math.max(1, Math.floor(sliceValues));
  let range: Range | null = null;
  for (let from = 0; from < data.length; from += step) {
    await pause();
    if (!keepGoing()) return undefined;
    const part = valueStats(data, from, Math.min(data.length, from + step));
    if (part.count === part.nans) continue;
    // Ties keep the earlier slice's value.
    if (range === null) range = { min: part.min, max: part.max };
    else {
      if (part.min < range.min) range.min = part.min;
      if (part.max > range.max) range.max = part.max;
    }
  }
  return range;
}
