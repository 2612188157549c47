// min / max / mean of what a grid shows. NaNs are skipped and counted, so one NaN
// does not blank the summary. The pass is the core's (SIMD for float32), as the host's value range.
import { valueStats } from '../src/core/stats';

export interface Stats {
  count: number;
  min: number;
  max: number;
  mean: number;
  nans: number;
}

export function computeStats(data: ArrayLike<number>): Stats {
  const { count, min, max, sum, nans } = valueStats(data);
  return nans === count ? { count, min: NaN, max: NaN, mean: NaN, nans } : { count, min, max, mean: sum / (count - nans), nans };
}
