// The panel's Web Worker (bundled into dist/webview/main.js as text by scripts/build.mjs and
// started from a blob by webview/workerClient.ts): runs the jobs of webview/worker/jobs.ts one
// at a time, in the order the UI thread sent them, and answers each with its id. A failure
// comes back as a typed problem (the core's PoolingError keeps its parameter).
import { problemOf } from '../compute';
import { emptyContext } from './context';
import { jobs, type JobOutcome } from './jobs';
import type { JobMessage, JobName, JobReply } from './protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<JobMessage>) => void) | null;
  postMessage(message: JobReply, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const ctx = emptyContext();

scope.onmessage = (e) => {
  const { id, job, args } = e.data;
  let reply: JobReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const run = jobs[job] as (c: typeof ctx, a: unknown) => JobOutcome<unknown>;
    if (typeof run !== 'function') throw new Error(`The panel's worker has no job "${String(job satisfies JobName)}".`);
    const outcome = run(ctx, args);
    reply = { id, ok: true, result: outcome.result };
    transfer = outcome.transfer ?? [];
  } catch (err) {
    reply = { id, ok: false, problem: problemOf(err) };
  }
  scope.postMessage(reply, transfer);
};
