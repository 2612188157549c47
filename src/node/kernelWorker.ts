/*
 * A pooling worker thread (Node only; see kernelThreads.ts). It waits on a shared control word,
 * takes one job (planes of a pooling call, handed over one by one) from its port synchronously, pools them with
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
import { CONTROL, FINAL, STATE, type ThreadJob } from './kernelThreadProtocol.js';

interface WorkerInit {
  control: SharedArrayBuffer;
  port: MessagePort;
}

function view(buffer: SharedArrayBuffer, f64: boolean, count: number): Float32Array | Float64Array {
  return f64 ? new Float64Array(buffer, 0, count) : new Float32Array(buffer, 0, count);
}

/**
 * Pools planes as the main thread copies them in, until it says there are no more. Each plane is
 * claimed first: at the end the main thread claims what the worker has not started and pools it
 * itself, so a worker the machine's load holds back never keeps the call waiting long.
 */
function runThreadJob(m: ThreadJob, control: Int32Array): void {
  const info = { ...m.info, batchShape: [1], outputShape: [1, ...m.info.outSpatial] };
  const plan = makePlan(info);
  const inPlane = plan.inPlane;
  const outPlane = plan.outPlane;
  const src = view(m.input, m.f64, m.ring * inPlane);
  const dst = view(m.output, m.f64, m.output.byteLength / (m.f64 ? 8 : 4));
  const idx = m.kind === 'max' && m.indices !== null ? new Int32Array(m.indices) : null;
  setWasmKernels(m.wasm);
  for (let p = 0; ; p++) {
    let ready: number;
    while (((ready = Atomics.load(control, CONTROL.ready)) & ~FINAL) <= p) {
      if ((ready & FINAL) !== 0) return;
      Atomics.wait(control, CONTROL.ready, ready);
    }
    if (Atomics.compareExchange(control, CONTROL.claim, p, p + 1) !== p) return; // the main thread took the rest
    const i0 = (p % m.ring) * inPlane;
    const o0 = p * outPlane;
    const s = src.subarray(i0, i0 + inPlane);
    const d = dst.subarray(o0, o0 + outPlane);
    const job: KernelJob =
      m.kind === 'max'
        ? { kind: 'max', plan, src: s, dst: d, idx: idx === null ? null : idx.subarray(o0, o0 + outPlane) }
        : { kind: 'sum', plan, src: s, dst: d, div: m.div, f32: m.f32 };
    runKernel(job);
    Atomics.store(control, CONTROL.done, p + 1);
    Atomics.notify(control, CONTROL.done);
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
