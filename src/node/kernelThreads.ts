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
import { registerKernelProvider, runByProvider } from '../core/kernels/providers.js';
import { runMax, runSum } from '../core/kernels/dispatch.js';
import { wasmKernelsActive } from '../core/kernels/wasm/index.js';
import { CONTROL, STATE, type ThreadJob } from './kernelThreadProtocol.js';

/** Below this many input cells a call is pooled on one thread (waking a worker costs ~0.1 ms). */
const MIN_CELLS = 1 << 19;
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
  /** The worker script (default: kernelWorker beside this module, .ts under tsx or .js when bundled). */
  workerUrl?: URL | string;
}

let slots: Slot[] = [];
let weight = 1.25;
let busy = false;
/** Calls that used the workers, and planes pooled on them (tests check the path ran). */
const stats = { calls: 0, workerPlanes: 0 };
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

/** A job on planes [from, from + count) of `job`, on the caller's arrays. */
function slice(job: KernelJob, from: number, count: number): KernelJob {
  const plan = { ...job.plan, planes: count };
  const src = job.src.subarray(from * plan.inPlane, (from + count) * plan.inPlane);
  const dst = job.dst.subarray(from * plan.outPlane, (from + count) * plan.outPlane);
  if (job.kind === 'max') return { ...job, plan, src, dst, idx: job.idx === null ? null : job.idx.subarray(from * plan.outPlane, (from + count) * plan.outPlane) };
  return { ...job, plan, src, dst };
}

/** Runs a job on this thread with whatever provider or JS kernel would take it. */
function runHere(job: KernelJob): void {
  if (runByProvider(job)) return;
  if (job.kind === 'max') runMax(job);
  else runSum(job);
}

function runThreaded(job: KernelJob): boolean {
  const { plan } = job;
  // Only workers that said they are ready (a worker that never starts is never waited for).
  const live = slots.filter((s) => !s.broken && Atomics.load(s.control, CONTROL.state) === STATE.idle);
  if (busy || live.length === 0 || plan.planes < 2 || plan.planes * plan.inPlane < MIN_CELLS) return false;
  busy = true;
  try {
    const f64 = job.src instanceof Float64Array;
    const bytes = f64 ? 8 : 4;
    // Planes per worker (weight each) and for this thread (1).
    const per = Math.floor((plan.planes * weight) / (live.length * weight + 1));
    const used = live.slice(0, per === 0 ? Math.min(live.length, plan.planes - 1) : live.length);
    const perWorker = Math.max(1, per);
    const handed: { slot: Slot; from: number; count: number }[] = [];
    let next = 0;
    for (const slot of used) {
      const count = perWorker;
      const from = next;
      next += count;
      slot.input = grow(slot.input, count * plan.inPlane * bytes);
      slot.output = grow(slot.output, count * plan.outPlane * bytes);
      const wantIdx = job.kind === 'max' && job.idx !== null;
      if (wantIdx) slot.indices = grow(slot.indices, count * plan.outPlane * 4);
      const message: ThreadJob = {
        kind: job.kind,
        info: plan.info,
        planes: count,
        f64,
        input: slot.input,
        output: slot.output,
        indices: wantIdx ? slot.indices : null,
        div: job.kind === 'sum' ? job.div : SUM_DIVISOR,
        f32: job.kind === 'sum' ? job.f32 : false,
        wasm: wasmKernelsActive(),
      };
      slot.port.postMessage(message);
      Atomics.store(slot.control, CONTROL.ready, 0);
      Atomics.store(slot.control, CONTROL.state, STATE.work);
      Atomics.notify(slot.control, CONTROL.state);
      // Plane by plane, so the worker starts on the first while the others are copied.
      const input = f64 ? new Float64Array(slot.input) : new Float32Array(slot.input);
      for (let p = 0; p < count; p++) {
        const s0 = (from + p) * plan.inPlane;
        input.set(job.src.subarray(s0, s0 + plan.inPlane), p * plan.inPlane);
        Atomics.store(slot.control, CONTROL.ready, p + 1);
        Atomics.notify(slot.control, CONTROL.ready);
      }
      handed.push({ slot, from, count });
    }
    stats.calls++;
    runHere(slice(job, next, plan.planes - next));
    for (const { slot, from, count } of handed) {
      const deadline = Date.now() + WORKER_TIMEOUT_MS;
      let state: number;
      while ((state = Atomics.load(slot.control, CONTROL.state)) === STATE.work && Date.now() < deadline) {
        Atomics.wait(slot.control, CONTROL.state, STATE.work, 1000);
      }
      const part = slice(job, from, count);
      if (state !== STATE.done) {
        // The worker failed (or hung): pool its planes here; a hung worker is not used again.
        if (state === STATE.work) slot.broken = true;
        else Atomics.store(slot.control, CONTROL.state, STATE.idle);
        runHere(part);
        continue;
      }
      stats.workerPlanes += count;
      const n = count * plan.outPlane;
      part.dst.set(f64 ? new Float64Array(slot.output, 0, n) : new Float32Array(slot.output, 0, n));
      if (part.kind === 'max' && part.idx !== null) part.idx.set(new Int32Array(slot.indices, 0, n));
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
  const url = options.workerUrl ?? defaultWorkerUrl();
  slots = Array.from({ length: count }, () => startSlot(url));
  if (count > 0) unregister = registerKernelProvider(provider);
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

export function kernelThreadStats(): { readonly calls: number; readonly workerPlanes: number } {
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
