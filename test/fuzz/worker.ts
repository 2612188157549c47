/**
 * The fuzz loop, run in a worker thread (bundled by runner.ts) so that the main thread can
 * watch it: before each call the worker writes which input it is on into shared memory, and a
 * call that never returns is caught by the main thread's watchdog, which rebuilds the input.
 */
import './alloc-install'; // first: wraps the allocation constructors before anything else loads
import { parentPort, workerData } from 'node:worker_threads';
import { runOne } from './check';
import { FORMATS, makeInput } from './inputs';
import type { FuzzFormat } from './inputs';
import { SLOT } from './job';
import type { FormatStats, FuzzJob, ReplayJob, WorkerMessage } from './job';

function post(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

function fuzzLoop(job: FuzzJob): void {
  const state = new Int32Array(job.state);
  const stats: Partial<Record<FuzzFormat, FormatStats>> = {};
  const next = { ...job.start };
  for (const f of job.formats) stats[f] = { tried: 0, ok: 0, rejected: 0, failed: 0, maxMs: 0, slowest: -1, largestAllocation: 0 };
  let lastReport = Date.now();
  const quota = job.perFormat ?? Number.POSITIVE_INFINITY;
  for (let round = 0; Date.now() < job.deadline; round++) {
    if (job.formats.every((f) => (next[f] ?? 0) >= quota)) break;
    const format = job.formats[round % job.formats.length]!;
    const index = next[format] ?? 0;
    if (index >= quota) continue;
    next[format] = index + 1;
    // Marked before it is built: a hang or a crash while building it is blamed on the same input.
    Atomics.store(state, SLOT.format, FORMATS.indexOf(format));
    Atomics.store(state, SLOT.index, index);
    Atomics.store(state, SLOT.busy, 1);
    const input = makeInput(format, job.seed, index, job.corpus);
    let outcome = runOne(input, job.maxBytes, job.timeLimitMs);
    // A slow call is tried again once: a garbage-collection pause or a busy machine is not a defect.
    if (outcome.status === 'fail' && outcome.reason?.startsWith('slow')) {
      const again = runOne(input, job.maxBytes, job.timeLimitMs);
      if (again.status === 'fail') outcome = { ...again, reason: `${again.reason} (twice: ${outcome.ms.toFixed(0)} ms first)` };
      else outcome = again;
    }
    Atomics.store(state, SLOT.busy, 0);
    Atomics.add(state, SLOT.finished, 1);
    const s = stats[format]!;
    s.tried++;
    s[outcome.status === 'fail' ? 'failed' : outcome.status]++;
    if (outcome.ms > s.maxMs) {
      s.maxMs = outcome.ms;
      s.slowest = index;
    }
    s.largestAllocation = Math.max(s.largestAllocation, outcome.largestAllocation);
    if (outcome.status === 'fail') post({ type: 'failure', format, index, input, outcome });
    if (Date.now() - lastReport > 500) {
      post({ type: 'stats', stats });
      lastReport = Date.now();
    }
  }
  post({ type: 'stats', stats });
}

function replayLoop(job: ReplayJob): void {
  const state = new Int32Array(job.state);
  for (const [index, input] of job.inputs.entries()) {
    Atomics.store(state, SLOT.index, index);
    Atomics.store(state, SLOT.busy, 1);
    if (index === job.spinAt) for (;;); // only the watchdog can end this
    const outcome = runOne(input, job.maxBytes, job.timeLimitMs);
    Atomics.store(state, SLOT.busy, 0);
    Atomics.add(state, SLOT.finished, 1);
    post({ type: 'replayed', index, outcome });
  }
}

const job = workerData as FuzzJob | ReplayJob;
if (job.mode === 'fuzz') fuzzLoop(job);
else replayLoop(job);
post({ type: 'done' });
