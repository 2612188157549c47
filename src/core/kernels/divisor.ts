import type { AxisPlan, Plan } from './plan.js';
import { kernelVolume } from './plan.js';

/**
 * What a window sum is divided by. avg: the product over axes of a per-axis factor (taps in the
 * padded extent for count_include_pad=True, in-bounds taps for False), or divisor_override;
 * sum: 1 (an override of 1).
 */
export interface Divisor {
  readonly mode: 'padded' | 'count' | 'override';
  /** The divisor when mode is 'override'. */
  readonly override: number;
}

export function avgDivisor(countIncludePad: boolean, override: number | undefined): Divisor {
  if (override !== undefined) return { mode: 'override', override };
  return { mode: countIncludePad ? 'padded' : 'count', override: 0 };
}

export const SUM_DIVISOR: Divisor = { mode: 'override', override: 1 };

/** Factor of one axis (not meaningful for 'override'). */
export function axisFactor(ax: AxisPlan, div: Divisor, o: number): number {
  return div.mode === 'padded' ? ax.padded(o) : ax.count(o);
}

/** Divisor of every full (all taps in bounds) window: kernel volume unless overridden. */
export function fullDivisor(plan: Plan, div: Divisor): number {
  return div.mode === 'override' ? div.override : kernelVolume(plan);
}

/**
 * Products of the factors of axes 1.. for every position of those axes (row-major), so a band
 * of axis-0 outputs can be divided with one multiply by axis 0's factor. With an override this
 * holds the override and axis0Factor is 1.
 */
export function innerDivisors(plan: Plan, div: Divisor): Float64Array {
  const axes = plan.axes;
  if (div.mode === 'override') return new Float64Array(plan.outPlane / axes[0]!.outLength).fill(div.override);
  let out = new Float64Array([1]);
  for (let a = 1; a < axes.length; a++) {
    const ax = axes[a]!;
    const n = ax.outLength;
    const next = new Float64Array(out.length * n);
    for (let i = 0; i < out.length; i++) for (let j = 0; j < n; j++) next[i * n + j] = out[i]! * axisFactor(ax, div, j);
    out = next;
  }
  return out;
}

export function axis0Factor(plan: Plan, div: Divisor, o: number): number {
  return div.mode === 'override' ? 1 : axisFactor(plan.axes[0]!, div, o);
}
