import { valueStats } from './core/stats';

/**
 * The host's value range of a chunked load (src/chunks.ts), in pieces: the same pass as the
 * panel's statistics (webview/stats.ts), the core's valueStats (SIMD for float32). NaNs are
 * skipped and counted; ±Infinity count as values; of -0 and +0 the first met stays the min and
 * the max (`<` and `>` do not order them), across pieces too. Pure: no host or DOM APIs.
 */

/** Running totals of a pass; `count` values seen, `nans` of them NaN (min/max are ±Infinity until a number is seen). */
export interface ValueScan {
  count: number;
  nans: number;
  min: number;
  max: number;
  sum: number;
}

export function newScan(): ValueScan {
  return { count: 0, nans: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, sum: 0 };
}

/** Adds values `from` to `to` (exclusive) of `data` to `scan`; scanning in pieces, in order, gives the bits of one pass. */
export function scanValues(data: ArrayLike<number>, scan: ValueScan, from = 0, to = data.length): ValueScan {
  if (to <= from) return scan;
  const part = valueStats(data, from, to);
  scan.count += part.count;
  scan.nans += part.nans;
  // Ties keep the earlier piece's value (a NaN part.min, all NaN, never wins).
  if (part.min < scan.min) scan.min = part.min;
  if (part.max > scan.max) scan.max = part.max;
  scan.sum += part.sum;
  return scan;
}

/** Smallest and largest value of a scan; null when every value was NaN (or there were none). */
export function scanRange(scan: ValueScan): { min: number; max: number } | null {
  return scan.count > scan.nans ? { min: scan.min, max: scan.max } : null;
}

/** Smallest and largest value, NaNs skipped; null when every value is NaN. */
export function valueRange(data: ArrayLike<number>): { min: number; max: number } | null {
  return scanRange(scanValues(data, newScan()));
}

/**
 * Values per slice of `valueRangeInSlices`: 16 MiB of float32, 3–4 ms with the core's SIMD pass
 * (up to ~20 ms for integer dtypes, which take the JS loop). The pauses between slices cost
 * more than the slices in a web extension host (nested timers wait ≥ 4 ms): with 1M-value
 * slices the range of 8192² came so late that its first rows were drawn 2.2 s after the first
 * chunk arrived; with these, 0.9 s.
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
export async function valueRangeInSlices(data: ArrayLike<number>, options: SliceOptions): Promise<{ min: number; max: number } | null | undefined> {
  const { pause, keepGoing = () => true, sliceValues = RANGE_SLICE_VALUES } = options;
  const step = Math.max(1, Math.floor(sliceValues));
  const scan = newScan();
  for (let from = 0; from < data.length; from += step) {
    await pause();
    if (!keepGoing()) return undefined;
    scanValues(data, scan, from, Math.min(data.length, from + step));
  }
  return scanRange(scan);
}
