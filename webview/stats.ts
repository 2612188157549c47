// min / max / mean of what a grid shows. NaNs are skipped and counted, so one NaN
// does not blank the summary. The pass is src/valueScan.ts's, shared with the host's value range.
import { newScan, scanValues } from '../src/valueScan';

export interface Stats {
  count: number;
  min: number;
  max: number;
  mean: number;
  nans: number;
}

export function computeStats(data: ArrayLike<number>): Stats {
  const { count, nans, min, max, sum } = scanValues(data, newScan());
  const finite = count - nans;
  return finite === 0 ? { count, min: NaN, max: NaN, mean: NaN, nans } : { count, min, max, mean: sum / finite, nans };
}
