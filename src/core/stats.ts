import { activeKernels } from './kernels/wasm/provider.js';

/*
 * Min, max, sum and NaN count of an array's values: what the panel shows under each grid and
 * scales its colours by, for arrays of up to hundreds of millions of values. A JS loop over a
 * typed array costs 5–13 ns a value on the machines we measured (0.1–0.2 s for 4096², before
 * every frame's output), so float32 and float64 data go through the SIMD kernels (`stats32`,
 * `stats64`) in pieces copied into their memory; other arrays, short ones and hosts without
 * SIMD use the loop.
 */

export interface ValueStats {
  /** Values, NaN included. */
  readonly count: number;
  /** Smallest and largest value that is not NaN (±Infinity count); NaN when every value is NaN. */
  readonly min: number;
  readonly max: number;
  /** Sum of the values that are not NaN, in float64. */
  readonly sum: number;
  readonly nans: number;
}

/** Below this many values the loop is as fast as copying into the module. */
const SIMD_FROM = 1 << 14;
/** Floats copied into the module per kernel call (256 KB: stays in cache). */
const PIECE = 1 << 16;
const ACC_BYTES = 80;

/** Statistics of values [from, to) of `data` (all of them by default). */
export function valueStats(data: ArrayLike<number>, from = 0, to = data.length): ValueStats {
  const fast = (data instanceof Float32Array || data instanceof Float64Array) && to - from >= SIMD_FROM ? simdStats(data.subarray(from, to)) : null;
  return fast ?? loopStats(data, from, to, from, Infinity, -Infinity, 0, 0);
}

function finish(count: number, min: number, max: number, sum: number, nans: number): ValueStats {
  return nans === count ? { count, min: NaN, max: NaN, sum: 0, nans } : { count, min, max, sum, nans };
}

/**
 * The loop over values [first, to), continuing at `from` with running values. Ties keep the
 * earlier value, so a min or max of zero has the sign of the first zero in the range.
 */
function loopStats(data: ArrayLike<number>, first: number, to: number, from: number, min: number, max: number, sum: number, nans: number): ValueStats {
  for (let i = from; i < to; i++) {
    const v = data[i]!;
    if (v !== v) {
      nans++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return finish(to - first, min, max, sum, nans);
}

function simdStats(data: Float32Array | Float64Array): ValueStats | null {
  const active = activeKernels();
  if (active === null) return null;
  const { k, heap } = active;
  const f64 = data instanceof Float64Array;
  const lanes = f64 ? 2 : 4;
  const ACC = 64;
  const IN = ACC + 64 + ACC_BYTES;
  const piece = f64 ? PIECE / 2 : PIECE;
  if (!heap.ensure(IN + piece * data.BYTES_PER_ELEMENT)) return null;
  const acc = f64 ? heap.doubles.subarray(ACC / 8, ACC / 8 + 4) : heap.floats.subarray(ACC / 4, ACC / 4 + 8);
  acc.fill(Infinity, 0, lanes);
  acc.fill(-Infinity, lanes, 2 * lanes);
  new Uint8Array(heap.floats.buffer, ACC + 32, ACC_BYTES - 32).fill(0);
  const stats = k.fn(f64 ? 'stats64' : 'stats32');
  const into = f64 ? heap.doubles : heap.floats;
  const whole = data.length - (data.length % lanes);
  for (let at = 0; at < whole; at += piece) {
    const n = Math.min(piece, whole - at);
    into.set(data.subarray(at, at + n), IN / data.BYTES_PER_ELEMENT);
    stats(IN, n * data.BYTES_PER_ELEMENT, ACC);
  }
  let min = Math.min(...acc.subarray(0, lanes));
  let max = Math.max(...acc.subarray(lanes, 2 * lanes));
  // NaN counts per lane: i32 lanes (float32) or the low words of i64 lanes (float64).
  const words = new Uint32Array(heap.floats.buffer, ACC + 32, 4);
  const nans = f64 ? words[0]! + words[2]! : words[0]! + words[1]! + words[2]! + words[3]!;
  // Lane sums (each holds every second or fourth value), added pairwise.
  const sums = heap.doubles.subarray((ACC + 48) / 8, (ACC + 48) / 8 + (f64 ? 2 : 4));
  const sum = f64 ? sums[0]! + sums[1]! : sums[0]! + sums[2]! + (sums[1]! + sums[3]!);
  // Lanes cannot tell which zero came first: the loop's rule gives the first zero's sign.
  if (min === 0) min = firstZero(data);
  if (max === 0) max = firstZero(data);
  return loopStats(data, 0, data.length, whole, min, max, sum, nans);
}

function firstZero(data: Float32Array | Float64Array): number {
  for (let i = 0; i < data.length; i++) if (data[i] === 0) return data[i]!;
  return 0;
}
