// What two threads can gain on this machine, measured in the bench's own run: a loop bound by
// arithmetic throughput (eight independent chains, so one thread keeps a core's units busy),
// timed alone and then on two threads at once. On two real cores both finish in about the time
// of one (ratio ≈ 1); where the two vCPUs share one core's units (SMT siblings, or a host that
// gives the VM one core's worth) each takes about twice as long (ratio ≈ 2), and a second
// pooling thread cannot add throughput. The (iv) lines print it next to the thread counts.
import { Worker } from 'node:worker_threads';

const LOOP = `function spin(n) {
  const a = 1.0000001;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let i = 0; i < n; i++) { s0 = s0 * a + 1; s1 = s1 * a + 2; s2 = s2 * a + 3; s3 = s3 * a + 4; s4 = s4 * a + 5; s5 = s5 * a + 6; s6 = s6 * a + 7; s7 = s7 * a + 8; }
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}`;

const N = 40_000_000;

// The same source runs on both threads (the worker gets it as text).
const spin = new Function(`${LOOP}; return spin;`)() as (n: number) => number;

export interface Parallelism {
  /** ms for the loop on this thread alone. */
  readonly alone: number;
  /** ms until both threads finished the same loop each, started together. */
  readonly both: number;
}

export async function measureParallelism(): Promise<Parallelism> {
  spin(N / 20);
  let t = performance.now();
  spin(N);
  const alone = performance.now() - t;
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads'); ${LOOP}
     spin(${N / 20}); parentPort.postMessage('ready');
     parentPort.on('message', () => { spin(${N}); parentPort.postMessage('done'); });`,
    { eval: true },
  );
  try {
    await new Promise((resolve) => worker.once('message', resolve));
    const done = new Promise((resolve) => worker.once('message', resolve));
    t = performance.now();
    worker.postMessage('go');
    spin(N);
    await done;
    return { alone, both: performance.now() - t };
  } finally {
    await worker.terminate();
  }
}

export function describeParallelism(p: Parallelism): string {
  const ratio = p.both / p.alone;
  const verdict = ratio < 1.3 ? 'two cores of throughput' : ratio < 1.7 ? 'partly shared cores' : 'one core of throughput shared by both threads';
  return `two threads at once take ${ratio.toFixed(2)}× as long as one alone (${p.alone.toFixed(0)} / ${p.both.toFixed(0)} ms, an arithmetic loop): ${verdict}`;
}
