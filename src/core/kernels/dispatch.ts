import { sumsAreExact } from './exactness.js';
import { maxDirectBox } from './maxDirect.js';
import { maxSeparable, vanHerkPays } from './maxSeparable.js';
import { maxUnrolledInterior, unrolledMaxApplies } from './maxUnrolled.js';
import type { Plan } from './plan.js';
import { interiorBox, kernelVolume } from './plan.js';
import { sumDirectBox, sumInterior } from './sumDirect.js';
import { sumSeparable } from './sumSeparable.js';
import type { KernelJob, MaxJob, SumJob } from './jobs.js';
import type { Arr, Box } from './types.js';
import { borderBoxes } from './types.js';
// Declines everything where SIMD is missing or the job is not one it takes.
import { runWasmJob } from './wasm/provider.js';

/**
 * The one entry point from the pooling API to the kernels. Two jobs exist (jobs.ts): a windowed
 * max and a windowed sum divided per output. The WebAssembly SIMD backend is offered each job
 * first; it may decline any job, and must produce the same bits as the JS kernels.
 */
export type { KernelJob, MaxJob, SumJob } from './jobs.js';

export function runKernel(job: KernelJob): void {
  if (job.plan.planes * job.plan.outPlane === 0) return;
  if (runWasmJob(job)) return;
  if (job.kind === 'max') runMax(job);
  else runSum(job);
}

export type MaxStrategy = 'direct' | 'unrolled' | 'separable';
export type SumStrategy = 'direct' | 'interior' | 'separable';

/** Below this window volume a direct fold beats the passes and buffers of a separable one. */
const SEPARABLE_MIN_VOLUME = 16;

export function chooseMaxStrategy(plan: Plan): MaxStrategy {
  if (unrolledMaxApplies(plan)) return 'unrolled';
  if (plan.axes.some((ax) => vanHerkPays(ax, 'auto'))) return 'separable';
  if (plan.axes.length > 1 && kernelVolume(plan) >= SEPARABLE_MIN_VOLUME) return 'separable';
  return 'direct';
}

/** 'separable' reorders additions: chosen only when sumsAreExact proves the order irrelevant. */
export function chooseSumStrategy(plan: Plan, src: Arr, f32: boolean): SumStrategy {
  const kvol = kernelVolume(plan);
  if (kvol >= SEPARABLE_MIN_VOLUME && sumsAreExact(src, kvol, f32)) return 'separable';
  return plan.axes.length <= 2 ? 'interior' : 'direct';
}

function fullBox(plan: Plan): Box {
  return { lo: plan.axes.map(() => 0), hi: plan.axes.map((a) => a.outLength) };
}

export function runMax(job: MaxJob, strategy: MaxStrategy = chooseMaxStrategy(job.plan)): void {
  const { plan, src, dst, idx } = job;
  if (strategy === 'separable') {
    maxSeparable(plan, src, dst, idx);
    return;
  }
  const all = fullBox(plan);
  const borders = strategy === 'unrolled' ? borderBoxes(all, interiorBox(plan)) : [all];
  for (let p = 0; p < plan.planes; p++) {
    const so = p * plan.inPlane;
    const dOff = p * plan.outPlane;
    if (strategy === 'unrolled') maxUnrolledInterior(plan, src, so, dst, dOff, idx);
    for (const box of borders) maxDirectBox(plan, src, so, dst, dOff, idx, box);
  }
}

export function runSum(job: SumJob, strategy: SumStrategy = chooseSumStrategy(job.plan, job.src, job.f32)): void {
  const { plan, src, dst, div, f32 } = job;
  if (strategy === 'separable') {
    sumSeparable(plan, src, dst, div, f32);
    return;
  }
  const all = fullBox(plan);
  const interior = strategy === 'interior' && plan.axes.length <= 2;
  const borders = interior ? borderBoxes(all, interiorBox(plan)) : [all];
  for (let p = 0; p < plan.planes; p++) {
    const so = p * plan.inPlane;
    const dOff = p * plan.outPlane;
    if (interior) sumInterior(plan, src, so, dst, dOff, div, f32);
    for (const box of borders) sumDirectBox(plan, src, so, dst, dOff, box, div, f32);
  }
}
