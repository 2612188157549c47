// What the panel's worker holds for a large array, in Node: the job table run as the worker runs
// it (load, then frames) on an N² float32 array, through the parameter series of the workbench
// benchmark. After each frame it prints the ledger (webview/worker/held.ts: every buffer kept,
// by name) and Node's own count of ArrayBuffer bytes right after the job (live + the job's
// garbage: about the job's peak) and after a full GC (live, with the reply's rasters, which the
// panel's worker transfers to the UI thread). Needs --expose-gc.
//
//   node --expose-gc --import tsx scripts/worker-memory.ts [--size=4096]
import { defaultUiState, mergeParams, type Params } from '../webview/state';
import { emptyContext } from '../webview/worker/context';
import { heldBuffers } from '../webview/worker/held';
import { jobs } from '../webview/worker/jobs';
import { plainFrameRequest } from '../test/webview/frameRequest';

(globalThis as { POOLING_LENS_TEST_HOOKS?: boolean }).POOLING_LENS_TEST_HOOKS = false;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const size = Number(process.argv.find((a) => a.startsWith('--size='))?.slice(7) ?? 4096);
const MiB = 2 ** 20;
const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
const arrayBuffers = () => process.memoryUsage().arrayBuffers;

const shape = [size, size];
const base = defaultUiState({ shape, convention: 'pytorch', colormap: 'auto', decimals: 3 }).params;
const ctx = emptyContext();
{
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.001) * 100;
  jobs.load(ctx, { buffer: data.buffer, byteOffset: 0, storage: 'float32', shape });
}
const arrayBytes = size * size * 4;
let haveInput = -1;
let peakLive = 0;
let peakJob = 0;

function frame(label: string, params: Params): void {
  gc!();
  const t0 = performance.now();
  const reply = jobs.frame(
    ctx,
    plainFrameRequest(
      params,
      shape.map(() => 0),
      { haveInput },
    ),
  );
  const r = reply.result;
  const replyBytes = (reply.transfer ?? []).reduce((n, b) => n + b.byteLength, 0);
  const ms = performance.now() - t0;
  if (r.input) haveInput = r.input.frame;
  const job = arrayBuffers();
  gc!();
  const live = arrayBuffers();
  peakLive = Math.max(peakLive, live);
  peakJob = Math.max(peakJob, job);
  const held = heldBuffers(ctx)
    .map((b) => `${b.name} ${mib(b.bytes)}`)
    .join(', ');
  const out = r.out ? `${r.out.geom.rows}×${r.out.geom.cols}` : 'none';
  console.log(
    `  ${label.padEnd(16)} out ${out.padEnd(10)} ${ms.toFixed(0).padStart(5)} ms  after job ${mib(job).padStart(10)}  live ${mib(live).padStart(10)} (reply ${mib(replyBytes)})  held: ${held}`,
  );
}

console.log(`Worker memory, ${size}² float32 (array ${mib(arrayBytes)}), Node ${process.version}`);
let p = base;
frame('first paint k2', p);
for (const k of [3, 2, 3, 2, 3, 2]) frame(`k${k} s2`, (p = mergeParams(p, { kernel: [k, 2] }, 2)));
p = mergeParams(p, { mode: 'avg', kernel: [15, 15], stride: [1, 1] }, 2);
frame('k15 avg s1', p);
for (const k of [14, 15, 14, 15, 14, 15]) frame(`k${k} avg s1`, (p = mergeParams(p, { kernel: [k, 15] }, 2)));
const outBytes = (size - 14) * (size - 14) * 4;
console.log(
  `  peak live ${mib(peakLive)} = array + ${((peakLive - arrayBytes) / outBytes).toFixed(2)}× the ${size - 14}² output (k15 s1); ` +
    `peak after a job (with its garbage) ${mib(peakJob)} = array + ${((peakJob - arrayBytes) / outBytes).toFixed(2)}× output`,
);
