// What the main thread and a pooling worker thread share (kernelThreads.ts ↔ kernelWorker.ts).
import type { Divisor } from '../core/kernels/divisor.js';
import type { PoolInfo } from '../core/info.js';

/**
 * Int32 slots of the control buffer: the state, and how many of the job's input planes the main
 * thread has copied so far (the worker starts on the first while the rest are copied).
 */
export const CONTROL = { state: 0, ready: 1 } as const;

/**
 * Values of the state slot: starting → idle (the worker is ready) → work (main) → done | failed
 * (worker) → idle (main); stop ends the worker.
 */
export const STATE = { starting: 0, idle: 1, work: 2, done: 3, failed: 4, stop: 5 } as const;

/** One job: pool the first `planes` planes of `input` into `output` (shared buffers, offset 0). */
export interface ThreadJob {
  readonly kind: 'max' | 'sum';
  readonly info: PoolInfo;
  readonly planes: number;
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
