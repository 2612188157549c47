/*
 * A pooling worker thread (Node only; see kernelThreads.ts). It waits on a shared control word,
 * takes one job (the leading planes of a pooling call) from its port synchronously, pools it with
 * the same kernels as the main thread (WebAssembly SIMD or JS, as the main thread uses) on views
 * of the shared buffers, and signals completion. Nothing here runs in a browser bundle.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
// The core's entry, for whatever it registers (the WebAssembly provider), as on the main thread.
import '../core/index.js';
import { runKernel } from '../core/kernels/dispatch.js';
import type { KernelJob } from '../core/kernels/dispatch.js';
import { makePlan } from '../core/kernels/plan.js';
import { setWasmKernels } from '../core/kernels/wasm/index.js';
import { CONTROL, STATE, type ThreadJob } from './kernelThreadProtocol.js';

interface WorkerInit {
  control: SharedArrayBuffer;
  port: MessagePort;
}

function view(buffer: SharedArrayBuffer, f64: boolean, count: number): Float32Array | Float64Array {
  return f64 ? new Float64Array(buffer, 0, count) : new Float32Array(buffer, 0, count);
}

/** Pools the job plane by plane, each as soon as the main thread has copied it in. */
function runThreadJob(m: ThreadJob, control: Int32Array): void {
  const info = { ...m.info, batchShape: [1], outputShape: [1, ...m.info.outSpatial] };
  const plan = makePlan(info);
  const src = view(m.input, m.f64, m.planes * plan.inPlane);
  const dst = view(m.output, m.f64, m.planes * plan.outPlane);
  const idx = m.kind === 'max' && m.indices !== null ? new Int32Array(m.indices, 0, m.planes * plan.outPlane) : null;
  setWasmKernels(m.wasm);
  for (let p = 0; p < m.planes; p++) {
    let ready: number;
    while ((ready = Atomics.load(control, CONTROL.ready)) <= p) Atomics.wait(control, CONTROL.ready, ready);
    const i0 = p * plan.inPlane;
    const o0 = p * plan.outPlane;
    const s = src.subarray(i0, i0 + plan.inPlane);
    const d = dst.subarray(o0, o0 + plan.outPlane);
    const job: KernelJob =
      m.kind === 'max'
        ? { kind: 'max', plan, src: s, dst: d, idx: idx === null ? null : idx.subarray(o0, o0 + plan.outPlane) }
        : { kind: 'sum', plan, src: s, dst: d, div: m.div, f32: m.f32 };
    runKernel(job);
  }
}

const init = workerData as WorkerInit;
const control = new Int32Array(init.control);
// Ready: the main thread hands out work only to workers that got this far.
Atomics.store(control, CONTROL.state, STATE.idle);
for (;;) {
  let state: number;
  while ((state = Atomics.load(control, CONTROL.state)) !== STATE.work && state !== STATE.stop) Atomics.wait(control, CONTROL.state, state);
  if (state === STATE.stop) break;
  let ok = true;
  try {
    const received = receiveMessageOnPort(init.port);
    if (received === undefined) throw new Error('no job');
    runThreadJob(received.message as ThreadJob, control);
  } catch {
    ok = false; // the main thread redoes the planes itself
  }
  Atomics.store(control, CONTROL.state, ok ? STATE.done : STATE.failed);
  Atomics.notify(control, CONTROL.state);
}
