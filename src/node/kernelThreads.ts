/*
 * Both cores for large multi-plane pooling calls in Node (N×C×H×W batches): a KernelProvider
 * that hands the leading planes of a job to worker threads (kernelWorker.ts) and pools the rest
 * on the calling thread, with the same kernels, so the output has the same bits as a
 * single-threaded call (planes are independent). `pool` stays synchronous: the caller copies
 * the workers' input planes into SharedArrayBuffers (the caller's arrays are not shared), wakes
 * them through Atomics, pools its own planes and waits with Atomics.wait, which Node allows on
 * the main thread. Node only (worker_threads): browser bundles never import this module; a Node
 * host opts in with `enableKernelThreads()`.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { KernelJob, KernelProvider } from '../core/kernels/dispatch.js';
import { SUM_DIVISOR } from '../core/kernels/divisor.js';
import type { PoolInfo } from '../core/info.js';
import { makePlan } from '../core/kernels/plan.js';
import { runKernelHere, setOuterKernelProvider } from '../core/kernels/dispatch.js';
import { wasmKernelsActive } from '../core/kernels/wasm/index.js';
import { CONTROL, STATE, type ThreadJob } from './kernelThreadProtocol.js';

/** Below this many input cells a call is pooled on one thread (waking a worker costs ~0.1 ms). */
const MIN_CELLS = 1 << 19;
let minCells = MIN_CELLS;
/** A worker that has not answered by then is given up (its planes are pooled here instead). */
const WORKER_TIMEOUT_MS = 60_000;

interface Slot {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly control: Int32Array;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  indices: SharedArrayBuffer;
  broken: boolean;
}

export interface KernelThreadOptions {
  /** Worker threads besides the calling one (default: available cores − 1, at most 3). */
  workers?: number;
  /** Share of the planes each worker takes, relative to the calling thread's 1 (default 1.25: the caller also copies the workers' inputs). */
  workerWeight?: number;
  /** Smallest call (input cells) split across threads (default 512 K; tests use small ones). */
  minCells?: number;
  /** The worker script (default: kernelWorker beside this module, .ts under tsx or .js when bundled). */
  workerUrl?: URL | string;
}

let slots: Slot[] = [];
let weight = 1.25;
let busy = false;
/** Calls that used the workers, and parts pooled on them (tests check the path ran). */
const stats = { calls: 0, workerParts: 0 };
let unregister: (() => void) | null = null;

function grow(buffer: SharedArrayBuffer, bytes: number): SharedArrayBuffer {
  return buffer.byteLength >= bytes ? buffer : new SharedArrayBuffer(Math.ceil(bytes / 65536) * 65536);
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './kernelWorker.ts' : './kernelWorker.js', here);
}

/** A TypeScript worker in a process not started by tsx (vitest): it loads through tsx's API. */
function needsTsx(url: URL | string): boolean {
  return String(url).endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx'));
}

function tsxBootstrap(url: URL | string): string {
  // CommonJS, as under the tsx command (the core's modules import each other in a cycle, which
  // Node's require of ES modules refuses).
  const api = fileURLToPath(import.meta.resolve('tsx/cjs/api')).replace(/\.mjs$/, '.cjs');
  return `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
}

function startSlot(url: URL | string): Slot {
  const control = new SharedArrayBuffer(64);
  const { port1, port2 } = new MessageChannel();
  const options = { workerData: { control, port: port2 }, transferList: [port2] };
  const worker = needsTsx(url) ? new Worker(tsxBootstrap(url), { ...options, eval: true }) : new Worker(url, options);
  worker.unref();
  const slot: Slot = {
    worker,
    port: port1,
    control: new Int32Array(control),
    input: new SharedArrayBuffer(0),
    output: new SharedArrayBuffer(0),
    indices: new SharedArrayBuffer(0),
    broken: false,
  };
  worker.on('error', () => {
    slot.broken = true;
  });
  worker.on('exit', () => {
    slot.broken = true;
  });
  return slot;
}

/** A piece of a job: the job on the caller's arrays, and what a worker rebuilds it from (`planes` planes of `info`). */
interface Part {
  readonly job: KernelJob;
  readonly info: PoolInfo;
  readonly planes: number;
}

/** Planes [from, from + count) of `job`. */
function planePart(job: KernelJob, from: number, count: number): Part {
  const plan = { ...job.plan, planes: count };
  const src = job.src.subarray(from * plan.inPlane, (from + count) * plan.inPlane);
  const dst = job.dst.subarray(from * plan.outPlane, (from + count) * plan.outPlane);
  const part: KernelJob =
    job.kind === 'max'
      ? { ...job, plan, src, dst, idx: job.idx === null ? null : job.idx.subarray(from * plan.outPlane, (from + count) * plan.outPlane) }
      : { ...job, plan, src, dst };
  return { job: part, info: plan.info, planes: count };
}

/**
 * Output rows [o0, o1) along the first spatial axis of a one-plane job, as a job of its own: the
 * input rows its windows read, with the padding before and after set so that every window has
 * the same taps (and the same divisor) as in the whole job. Outputs are the same bits.
 */
function rowPart(job: KernelJob, o0: number, o1: number): Part | null {
  const { plan } = job;
  const ax = plan.axes[0]!;
  const info = plan.info;
  const inner = plan.inPlane / ax.length;
  const outInner = plan.outPlane / ax.outLength;
  const a = Math.min(ax.length, Math.max(0, o0 * ax.stride - ax.padBefore));
  const b = Math.min(ax.length, Math.max(0, (o1 - 1) * ax.stride - ax.padBefore + (ax.kernel - 1) * ax.dilation + 1));
  if (b <= a) return null;
  const sub: PoolInfo = {
    ...info,
    inSpatial: [b - a, ...info.inSpatial.slice(1)],
    outSpatial: [o1 - o0, ...info.outSpatial.slice(1)],
    padBefore: [ax.padBefore - o0 * ax.stride + a, ...info.padBefore.slice(1)],
    padAfter: [ax.length + ax.padAfter - b, ...info.padAfter.slice(1)],
    outputShape: [...info.batchShape, o1 - o0, ...info.outSpatial.slice(1)],
  };
  const src = job.src.subarray(a * inner, b * inner);
  const dst = job.dst.subarray(o0 * outInner, o1 * outInner);
  const subPlan = makePlan(sub);
  const part: KernelJob = job.kind === 'max' ? { ...job, plan: subPlan, src, dst, idx: null } : { ...job, plan: subPlan, src, dst };
  return { job: part, info: sub, planes: 1 };
}

/** Runs a job on this thread with whatever provider or JS kernel would take it. */
function runHere(job: KernelJob): void {
  runKernelHere(job);
}

/** Rows a one-plane job needs per part before splitting by rows pays. */
const MIN_PART_ROWS = 16;

/** Splits `total` units into one share per worker (weight each) and the rest for this thread (1). */
function shares(total: number, workers: number): number[] {
  const per = Math.floor((total * weight) / (workers * weight + 1));
  return per === 0 ? [] : Array.from({ length: workers }, () => per);
}

/** The parts for the workers, and the caller's part (last); null when the job is not worth splitting. */
function partsOf(job: KernelJob, workers: number): Part[] | null {
  const { plan } = job;
  if (plan.planes * plan.inPlane < minCells) return null;
  if (plan.planes >= 2) {
    const counts = shares(plan.planes, workers);
    if (counts.length === 0) return null;
    const parts: Part[] = [];
    let next = 0;
    for (const c of counts) {
      parts.push(planePart(job, next, c));
      next += c;
    }
    parts.push(planePart(job, next, plan.planes - next));
    return parts;
  }
  // One plane: split the output rows (indices are per plane, so max with indices stays whole).
  if (job.kind === 'max' && job.idx !== null) return null;
  const rows = plan.axes[0]!.outLength;
  const counts = shares(rows, workers);
  if (counts.length === 0 || counts[0]! < MIN_PART_ROWS || rows - counts.reduce((x, y) => x + y, 0) < MIN_PART_ROWS) return null;
  const parts: Part[] = [];
  let next = 0;
  for (const c of [...counts, rows - counts.reduce((x, y) => x + y, 0)]) {
    const part = rowPart(job, next, next + c);
    if (part === null) return null;
    parts.push(part);
    next += c;
  }
  return parts;
}

function runThreaded(job: KernelJob): boolean {
  // Only workers that said they are ready (a worker that never starts is never waited for).
  const live = slots.filter((s) => !s.broken && Atomics.load(s.control, CONTROL.state) === STATE.idle);
  if (busy || live.length === 0) return false;
  const parts = partsOf(job, live.length);
  if (parts === null) return false;
  busy = true;
  try {
    const f64 = job.src instanceof Float64Array;
    const bytes = f64 ? 8 : 4;
    const handed: { slot: Slot; part: Part }[] = [];
    for (let w = 0; w < parts.length - 1; w++) {
      const slot = live[w]!;
      const part = parts[w]!;
      const pj = part.job;
      slot.input = grow(slot.input, pj.src.length * bytes);
      slot.output = grow(slot.output, pj.dst.length * bytes);
      const wantIdx = pj.kind === 'max' && pj.idx !== null;
      if (wantIdx) slot.indices = grow(slot.indices, pj.dst.length * 4);
      const message: ThreadJob = {
        kind: pj.kind,
        info: part.info,
        planes: part.planes,
        f64,
        input: slot.input,
        output: slot.output,
        indices: wantIdx ? slot.indices : null,
        div: pj.kind === 'sum' ? pj.div : SUM_DIVISOR,
        f32: pj.kind === 'sum' ? pj.f32 : false,
        wasm: wasmKernelsActive(),
      };
      slot.port.postMessage(message);
      Atomics.store(slot.control, CONTROL.ready, 0);
      Atomics.store(slot.control, CONTROL.state, STATE.work);
      Atomics.notify(slot.control, CONTROL.state);
      // Plane by plane, so the worker starts on the first while the others are copied.
      const input = f64 ? new Float64Array(slot.input) : new Float32Array(slot.input);
      const plane = pj.src.length / part.planes;
      for (let p = 0; p < part.planes; p++) {
        input.set(pj.src.subarray(p * plane, (p + 1) * plane), p * plane);
        Atomics.store(slot.control, CONTROL.ready, p + 1);
        Atomics.notify(slot.control, CONTROL.ready);
      }
      handed.push({ slot, part });
    }
    stats.calls++;
    runHere(parts[parts.length - 1]!.job);
    for (const { slot, part } of handed) {
      const deadline = Date.now() + WORKER_TIMEOUT_MS;
      let state: number;
      while ((state = Atomics.load(slot.control, CONTROL.state)) === STATE.work && Date.now() < deadline) {
        Atomics.wait(slot.control, CONTROL.state, STATE.work, 1000);
      }
      const pj = part.job;
      if (state !== STATE.done) {
        // The worker failed (or hung): pool its part here; a hung worker is not used again.
        if (state === STATE.work) slot.broken = true;
        else Atomics.store(slot.control, CONTROL.state, STATE.idle);
        runHere(pj);
        continue;
      }
      stats.workerParts++;
      const n = pj.dst.length;
      pj.dst.set(f64 ? new Float64Array(slot.output, 0, n) : new Float32Array(slot.output, 0, n));
      if (pj.kind === 'max' && pj.idx !== null) pj.idx.set(new Int32Array(slot.indices, 0, n));
      Atomics.store(slot.control, CONTROL.state, STATE.idle);
    }
    return true;
  } finally {
    busy = false;
  }
}

const provider: KernelProvider = { name: 'node-threads', run: runThreaded };

/**
 * Pools large multi-plane calls on several threads from now on (Node only). Returns the number
 * of worker threads started (0 on a single core). Calling it again restarts the workers.
 */
export function enableKernelThreads(options: KernelThreadOptions = {}): number {
  disableKernelThreads();
  const count = Math.max(0, Math.min(3, options.workers ?? availableParallelism() - 1));
  weight = options.workerWeight ?? 1.25;
  minCells = options.minCells ?? MIN_CELLS;
  const url = options.workerUrl ?? defaultWorkerUrl();
  slots = Array.from({ length: count }, () => startSlot(url));
  if (count > 0) unregister = setOuterKernelProvider(provider);
  return count;
}

/** Resolves when every worker has started (or failed to), so the next calls can use them. */
export async function kernelThreadsReady(timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  const ready = (): number => slots.filter((s) => !s.broken && Atomics.load(s.control, CONTROL.state) === STATE.idle).length;
  while (Date.now() < until && slots.some((s) => !s.broken && Atomics.load(s.control, CONTROL.state) === STATE.starting)) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return ready();
}

export function kernelThreadStats(): { readonly calls: number; readonly workerParts: number } {
  return { ...stats };
}

/** Stops the worker threads; calls pool on the calling thread again. */
export function disableKernelThreads(): void {
  unregister?.();
  unregister = null;
  for (const slot of slots) {
    Atomics.store(slot.control, CONTROL.state, STATE.stop);
    Atomics.notify(slot.control, CONTROL.state);
    slot.port.close();
  }
  slots = [];
}
