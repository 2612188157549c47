/*
 * Both cores for large pooling calls in Node: a KernelProvider that hands planes of a job
 * (N×C×H×W batches; or output rows of a single plane) to worker threads (kernelWorker.ts) and
 * pools the rest on the calling thread, with the same kernels, so the output has the same bits
 * as a single-threaded call (planes are independent). `pool` stays synchronous: the caller
 * copies each worker's next input plane into a small ring of SharedArrayBuffer slots (the
 * caller's arrays are not shared) whenever the worker has room, pools planes from the other end
 * itself in between, takes back what a worker has not started when the two ends meet, and waits
 * with Atomics.wait, which Node allows on the main thread. Node only (worker_threads): browser
 * bundles never import this module; a Node host opts in with `enableKernelThreads()`. */
import { createRequire } from 'node:module';
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
import { CONTROL, FINAL, STATE, type ThreadJob } from './kernelThreadProtocol.js';

/** Below this many input cells a call is pooled on one thread (waking a worker costs ~0.1 ms). */
const MIN_CELLS = 1 << 19;
let minCells = MIN_CELLS;
/** A worker that has not answered by then is given up (its planes are pooled here instead). */
const WORKER_TIMEOUT_MS = 60_000;
/** How long the caller spins for a worker's last plane before it sleeps. */
const END_SPIN_MS = 2;

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
  /** Share of a one-plane call's output rows each worker takes, relative to the calling thread's 1 (default 1.25: the caller also copies the workers' inputs). Multi-plane calls are shared out as they run. */
  workerWeight?: number;
  /** Smallest call (input cells) split across threads (default 512 K; tests use small ones). */
  minCells?: number;
  /**
   * At the end of a call, take back the planes a worker has not started and pool them on the
   * calling thread (default true: a worker the machine's load holds back never keeps a call
   * waiting for more than its current plane). Tests turn it off to make the workers pool what
   * they were handed.
   */
  takeBack?: boolean;
  /**
   * Keep each kind of call to whichever of threaded and one-thread has been faster, trying the
   * other now and then (default true). Tests turn it off to run every large call threaded.
   */
  adapt?: boolean;
  /** The worker script (default: kernelWorker beside this module, .ts under tsx or .js when bundled). */
  workerUrl?: URL | string;
}

let slots: Slot[] = [];
let weight = 1.25;
let takeBack = true;
let busy = false;
/**
 * Calls that used the workers, large calls kept on the calling thread (`adapt`), parts (planes,
 * or a one-plane call's rows) pooled on workers, and parts handed to a worker but taken back
 * (tests check the paths ran).
 */
const stats = { calls: 0, single: 0, workerParts: 0, takenBack: 0 };
let unregister: (() => void) | null = null;

function grow(buffer: SharedArrayBuffer, bytes: number): SharedArrayBuffer {
  return buffer.byteLength >= bytes ? buffer : new SharedArrayBuffer(Math.ceil(bytes / 65536) * 65536);
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './kernelWorker.ts' : './kernelWorker.js', here);
}

/**
 * A TypeScript worker (the sources run under tsx or vitest): it loads through tsx's CommonJS
 * API. Even under the tsx command a worker started from the .ts file fails with "Unknown file
 * extension .ts" (Node 20 does not run tsx's module hooks in workers), so every such worker is
 * bootstrapped — before this, `npm run bench` pooled on one thread while it printed two.
 */
function needsTsx(url: URL | string): boolean {
  return String(url).endsWith('.ts');
}

function tsxBootstrap(url: URL | string): string {
  // CommonJS, as under the tsx command (the core's modules import each other in a cycle, which
  // Node's require of ES modules refuses).
  // createRequire, not import.meta.resolve: under the tsx command this module is itself CommonJS.
  const api = createRequire(import.meta.url).resolve('tsx/cjs/api');
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
/**
 * Input slots per worker for a job split by planes: the main thread copies a plane in only when
 * fewer than this many wait, so a worker never runs dry between two of the main thread's own
 * planes, and the slots stay in cache.
 */
const RING = 4;

/** Splits `total` units into one share per worker (weight each) and the rest for this thread (1). */
function shares(total: number, workers: number): number[] {
  const per = Math.floor((total * weight) / (workers * weight + 1));
  return per === 0 ? [] : Array.from({ length: workers }, () => per);
}

/** A one-plane job split by output rows: the workers' parts and the caller's (last); null when not worth it. */
function rowParts(job: KernelJob, workers: number): Part[] | null {
  const { plan } = job;
  // Indices are per plane, so max with indices stays whole.
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

/** One worker's share of a call: which of the call's parts its slots hold, in the order handed over. */
interface Feed {
  readonly slot: Slot;
  /** Part handed over as the worker's plane i. */
  readonly parts: Part[];
  readonly ring: number;
  readonly inPlane: number;
  readonly outPlane: number;
  readonly input: Float32Array | Float64Array;
}

function startFeed(slot: Slot, info: PoolInfo, job: KernelJob, ring: number, maxPlanes: number, inPlane: number, outPlane: number): Feed {
  const f64 = job.src instanceof Float64Array;
  const bytes = f64 ? 8 : 4;
  slot.input = grow(slot.input, ring * inPlane * bytes);
  slot.output = grow(slot.output, maxPlanes * outPlane * bytes);
  const wantIdx = job.kind === 'max' && job.idx !== null;
  if (wantIdx) slot.indices = grow(slot.indices, maxPlanes * outPlane * 4);
  const message: ThreadJob = {
    kind: job.kind,
    info,
    ring,
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
  Atomics.store(slot.control, CONTROL.claim, 0);
  Atomics.store(slot.control, CONTROL.done, 0);
  Atomics.store(slot.control, CONTROL.state, STATE.work);
  Atomics.notify(slot.control, CONTROL.state);
  return { slot, parts: [], ring, inPlane, outPlane, input: f64 ? new Float64Array(slot.input) : new Float32Array(slot.input) };
}

/** True when the worker has room for another plane (and is still working). */
function wantsMore(f: Feed): boolean {
  return f.parts.length - Atomics.load(f.slot.control, CONTROL.done) < f.ring && Atomics.load(f.slot.control, CONTROL.state) === STATE.work;
}

/** Copies a part's input into the worker's next slot and lets it start. */
function handOver(f: Feed, part: Part): void {
  const i = f.parts.length;
  f.input.set(part.job.src, (i % f.ring) * f.inPlane);
  f.parts.push(part);
  Atomics.store(f.slot.control, CONTROL.ready, f.parts.length);
  Atomics.notify(f.slot.control, CONTROL.ready);
}

/**
 * Ends a worker's share: no more planes; the parts it has not started are taken back and pooled
 * here (a worker held back by the machine's load costs at most the plane it is on); then its
 * outputs are copied to the caller's arrays. A worker that failed has its parts pooled here; one
 * that hangs is not used again.
 */
function finishFeed(f: Feed): void {
  const { slot, parts } = f;
  const n = parts.length;
  Atomics.store(slot.control, CONTROL.ready, n | FINAL);
  Atomics.notify(slot.control, CONTROL.ready);
  let claimed = Atomics.load(slot.control, CONTROL.claim);
  while (takeBack && claimed < n) {
    const seen = Atomics.compareExchange(slot.control, CONTROL.claim, claimed, n);
    if (seen === claimed) break;
    claimed = seen;
  }
  if (!takeBack) claimed = n;
  stats.takenBack += n - claimed;
  for (let i = claimed; i < n; i++) runHere(parts[i]!.job);
  const deadline = Date.now() + WORKER_TIMEOUT_MS;
  // The worker is on its last plane (tens of µs): spin a little rather than sleep, since a
  // sleeping thread on a loaded machine can wait long for its time slice once woken.
  const spinUntil = performance.now() + END_SPIN_MS;
  let state: number;
  while ((state = Atomics.load(slot.control, CONTROL.state)) === STATE.work && performance.now() < spinUntil);
  while ((state = Atomics.load(slot.control, CONTROL.state)) === STATE.work && Date.now() < deadline) {
    Atomics.wait(slot.control, CONTROL.state, STATE.work, 1000);
  }
  if (state !== STATE.done) {
    // The worker failed (or hung): pool its parts here; a hung worker is not used again.
    if (state === STATE.work) slot.broken = true;
    else Atomics.store(slot.control, CONTROL.state, STATE.idle);
    for (let i = 0; i < claimed; i++) runHere(parts[i]!.job);
    return;
  }
  stats.workerParts += claimed;
  const f64 = f.input instanceof Float64Array;
  const out = f64 ? new Float64Array(slot.output) : new Float32Array(slot.output);
  const idx = new Int32Array(slot.indices);
  for (let i = 0; i < claimed; i++) {
    const pj = parts[i]!.job;
    pj.dst.set(out.subarray(i * f.outPlane, i * f.outPlane + pj.dst.length));
    if (pj.kind === 'max' && pj.idx !== null) pj.idx.set(idx.subarray(i * f.outPlane, i * f.outPlane + pj.dst.length));
  }
  Atomics.store(slot.control, CONTROL.state, STATE.idle);
}

/**
 * A multi-plane job: the caller hands the workers planes from the front, one at a time as each
 * has room, and pools planes from the back itself in between, until the two meet. So the split
 * follows how fast each thread really runs on a shared machine, with no fixed shares.
 */
function runPlanes(job: KernelJob, live: Slot[]): void {
  const { plan } = job;
  const one = { ...plan.info, batchShape: [1], outputShape: [1, ...plan.info.outSpatial] };
  const feeds = live.map((slot) => startFeed(slot, one, job, RING, plan.planes, plan.inPlane, plan.outPlane));
  let front = 0;
  let back = plan.planes;
  while (front < back) {
    for (const f of feeds) if (front < back && wantsMore(f)) handOver(f, planePart(job, front++, 1));
    if (front < back) runHere(planePart(job, --back, 1).job);
  }
  for (const f of feeds) finishFeed(f);
}

/** A one-plane job split by output rows: one part per worker, the last for the caller. */
function runRows(live: Slot[], parts: Part[]): void {
  const feeds = parts.slice(0, -1).map((part, w) => {
    const inPlane = part.job.src.length;
    const f = startFeed(live[w]!, part.info, part.job, 1, 1, inPlane, part.job.dst.length);
    handOver(f, part);
    return f;
  });
  runHere(parts[parts.length - 1]!.job);
  for (const f of feeds) finishFeed(f);
}

/**
 * Time per call, threaded and on the calling thread, for one kind of call (moving averages):
 * on a machine whose other core is busy (other processes, or a peer's spinning thread pool),
 * handing planes to a worker costs the copies and the waits and gains little, so calls keep to
 * whichever has been faster, and every EXPLORE-th call tries the other to notice a change.
 */
interface Choice {
  threaded: number;
  single: number;
  calls: number;
}
const choices = new Map<string, Choice>();
const EXPLORE = 16;
/** Weight of the newest time in the moving averages. */
const ALPHA = 0.25;
let adapt = true;

function chooseThreads(c: Choice): boolean {
  if (!adapt || Number.isNaN(c.threaded)) return true;
  if (Number.isNaN(c.single)) return false;
  const better = c.threaded <= c.single;
  return c.calls % EXPLORE === 0 ? !better : better;
}

function runThreaded(job: KernelJob): boolean {
  // Only workers that said they are ready (a worker that never starts is never waited for).
  const live = slots.filter((s) => !s.broken && Atomics.load(s.control, CONTROL.state) === STATE.idle);
  if (busy || live.length === 0) return false;
  const { plan } = job;
  if (plan.planes * plan.inPlane < minCells) return false;
  const parts = plan.planes >= 2 ? null : rowParts(job, live.length);
  if (plan.planes < 2 && parts === null) return false;
  const key = `${job.kind} ${job.src instanceof Float64Array ? 64 : 32} ${plan.planes}×${plan.inPlane}→${plan.outPlane}`;
  let choice = choices.get(key);
  if (choice === undefined) {
    if (choices.size > 64) choices.clear();
    choice = { threaded: Number.NaN, single: Number.NaN, calls: 0 };
    choices.set(key, choice);
  }
  choice.calls++;
  const threaded = chooseThreads(choice);
  busy = true;
  const t0 = performance.now();
  try {
    if (!threaded) {
      stats.single++;
      runHere(job);
    } else {
      stats.calls++;
      if (parts === null) runPlanes(job, live);
      else runRows(live, parts);
    }
    return true;
  } finally {
    busy = false;
    const ms = performance.now() - t0;
    const was = threaded ? choice.threaded : choice.single;
    const now = Number.isNaN(was) ? ms : was + ALPHA * (ms - was);
    if (threaded) choice.threaded = now;
    else choice.single = now;
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
  takeBack = options.takeBack ?? true;
  adapt = options.adapt ?? true;
  choices.clear();
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

export function kernelThreadStats(): { readonly calls: number; readonly single: number; readonly workerParts: number; readonly takenBack: number } {
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
