import type { KernelJob } from '../jobs.js';
import { runBands } from './bands.js';
import { geometryOf } from './geometry.js';
import { maxPass } from './maxPass.js';
import { Heap, loadKernels } from './runtime.js';
import type { Kernels } from './runtime.js';
import { sumPass } from './sumPass.js';

/*
 * The WebAssembly SIMD backend, which dispatch.ts offers every job first. It takes float32 jobs in 1-D or 2-D without
 * dilation and with a column stride of 1 or 2: max without indices, and sums with the default
 * float64 accumulation. Everything else (indices, float64 data, accumulate 'torch', 3-D, …) is
 * declined and runs in JS. A switch turns it off, so tests can run both paths.
 */

let enabled = true;
let heap: Heap | null = null;
let heapOf: Kernels | null = null;

/** Turns the WebAssembly kernels on (default, where SIMD is supported) or off (plain JS everywhere). */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/** True when pooling calls will use the WebAssembly kernels (switched on and loaded). */
export function wasmKernelsActive(): boolean {
  return enabled && loadKernels() !== null;
}

/** The kernels and their memory when switched on and loaded (for other SIMD passes than pooling, src/core/stats.ts). */
export function activeKernels(): { readonly k: Kernels; readonly heap: Heap } | null {
  if (!enabled) return null;
  const k = loadKernels();
  if (k === null) return null;
  if (heapOf !== k || heap === null) {
    heap = new Heap(k);
    heapOf = k;
  }
  return { k, heap };
}

/** Runs the job and returns true, or returns false to leave it to the JS kernels. */
export function runWasmJob(job: KernelJob): boolean {
  if (!enabled) return false;
  if (!(job.src instanceof Float32Array) || !(job.dst instanceof Float32Array)) return false;
  if (job.kind === 'max' ? job.idx !== null : job.f32) return false;
  const g = geometryOf(job.plan);
  if (g === null) return false;
  const active = activeKernels();
  if (active === null) return false;
  const { k } = active;
  const pass = job.kind === 'max' ? maxPass(k, g) : sumPass(k, g, job.plan, job.div);
  return runBands(g, active.heap, job.src, job.dst, pass);
}
