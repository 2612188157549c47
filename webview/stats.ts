// min / max / mean of what a grid shows. NaNs are skipped and counted, so one NaN
// does not blank the summary.

export interface Stats {
  count: number;
  min: number;
  max: number;
  mean: number;
  nans: number;
}

export function computeStats(data: ArrayLike<number>): Stats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let nans = 0;
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v !== v) {
      nans++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const finite = n - nans;
  return finite === 0 ? { count: n, min: NaN, max: NaN, mean: NaN, nans } : { count: n, min, max, mean: sum / finite, nans };
}
