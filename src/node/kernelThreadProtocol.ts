// What the main thread and a pooling worker thread share (kernelThreads.ts ↔ kernelWorker.ts).
import type { Divisor } from '../core/kernels/divisor.js';
import type { PoolInfo } from '../core/info.js';

/**
 * Int32 slots of the control buffer: the state; `ready`, the planes the main thread has copied
 * in so far, with FINAL set once it hands out no more; `claim`, the planes taken so far (by the
 * worker before it pools one, or by the main thread, which takes what is left at the end);
 * `done`, the planes the worker has pooled.
 */
export const CONTROL = { state: 0, ready: 1, claim: 2, done: 3 } as const;

/** Set in `ready` with the final count: no more planes come for this job. */
export const FINAL = 1 << 30;

/**
 * Values of the state slot: starting → idle (the worker is ready) → work (main) → done | failed
 * (worker) → idle (main); stop ends the worker.
 */
export const STATE = { starting: 0, idle: 1, work: 2, done: 3, failed: 4, stop: 5 } as const;

/**
 * One job: pool planes of `info` (one plane each) as the main thread copies them in: plane p
 * is at slot p mod `ring` of `input` and its output goes to slot p of `output` (and `indices`).
 */
export interface ThreadJob {
  readonly kind: 'max' | 'sum';
  readonly info: PoolInfo;
  /** Input slots: the main thread copies plane p only once the worker has pooled plane p − ring. */
  readonly ring: number;
  /** Float64 data (else float32). */
  readonly f64: boolean;
  readonly input: SharedArrayBuffer;
  readonly output: SharedArrayBuffer;
  /** max: the indices' buffer when indices are wanted. */
  readonly indices: SharedArrayBuffer | null;
  /** sum: divisor and accumulation. */
  readonly div: Divisor;
  readonly f32: boolean;
  /** Whether the main thread runs the WebAssembly kernels (the worker follows it). */
  readonly wasm: boolean;
}
