import type { Divisor } from './divisor.js';
import type { Plan } from './plan.js';
import type { Arr } from './types.js';

/**
 * The kernels' two jobs: a windowed max (min, lp with p=∞ are rewritten to it by the caller)
 * and a windowed sum divided per output (avg, sum, lp). In their own module (not dispatch.ts,
 * not types.ts, which plan.ts imports) so the WebAssembly backend can name them without an
 * import cycle.
 */
export interface MaxJob {
  readonly kind: 'max';
  readonly plan: Plan;
  readonly src: Arr;
  readonly dst: Arr;
  /** Flat per-plane input index of each output's chosen cell (−1: no cell), or null. */
  readonly idx: Int32Array | null;
}

export interface SumJob {
  readonly kind: 'sum';
  readonly plan: Plan;
  readonly src: Arr;
  readonly dst: Arr;
  readonly div: Divisor;
  /** Round the running sum to float32 after every addition (PyTorch on float32 tensors). */
  readonly f32: boolean;
}

export type KernelJob = MaxJob | SumJob;
