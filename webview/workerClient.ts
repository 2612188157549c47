// The UI thread's end of the panel's worker: starts it from the embedded bundle (a blob URL,
// which the CSP's `worker-src blob:` allows), sends jobs and resolves each with its reply.
// Which replies are still wanted is decided by the caller (latest.ts keeps only the newest).
import workerSource from 'pooling-lens-worker-source';
import type { Problem } from './compute';
import type { JobMessage, JobName, JobReply, Jobs } from './worker/protocol';

/** A job the worker refused or failed, with the problem it found (the parameter at fault, if one). */
export class WorkerJobError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private settledWaiters: (() => void)[] = [];

  constructor() {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(url, { name: 'pooling-lens' });
    URL.revokeObjectURL(url);
    this.worker.onmessage = (e: MessageEvent<JobReply>) => this.onReply(e.data);
    this.worker.onerror = (e) => {
      // A worker that dies takes every pending job with it: fail them, so nothing waits forever.
      e.preventDefault();
      this.failAll(new WorkerJobError({ message: `The panel's worker stopped: ${e.message}`, parameter: null }));
    };
  }

  /** Runs `job` in the worker; `transfer` hands buffers over (they are unusable here afterwards). */
  run<K extends JobName>(job: K, args: Jobs[K]['args'], transfer: Transferable[] = []): Promise<Jobs[K]['result']> {
    const id = this.nextId++;
    const msg: JobMessage<K> = { id, job, args };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(msg, transfer);
    });
  }

  /** Resolves once no job is waiting for its reply (tests wait on this). */
  settled(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  busy(): boolean {
    return this.pending.size > 0;
  }

  private onReply(reply: JobReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new WorkerJobError(reply.problem));
    if (this.pending.size === 0) this.wakeSettled();
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
    this.wakeSettled();
  }

  private wakeSettled(): void {
    // After the replies' own handlers (microtasks) have run, which may have sent the next job.
    setTimeout(() => {
      if (this.pending.size > 0) return;
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const w of waiters) w();
    }, 0);
  }
}
