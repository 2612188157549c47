// `npm run bench` (see README.md): the pooling core against TensorFlow.js (cpu, wasm) and ONNX Runtime (node,
// web) in one process, on the same float32 inputs. For each workload and input: checks that
// every peer agrees with the core (max exactly, avg within float32 rounding), then prints median
// and min times, the ratio core / best peer, and the core's time against a Float32Array.set of
// the input measured in the same run (the copy-bandwidth bound of a pass that reads its input
// once). The core reuses its output buffer (the `out` argument), as the panel does; peers get
// their input prepared in their own layout outside the timed call.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pool } from '../src/core/index.js';
import { setWasmKernels, wasmKernelsActive } from '../src/core/kernels/wasm/index.js';
import { enableKernelThreads, kernelThreadStats, kernelThreadsReady } from '../src/node/kernelThreads.js';
import { runHoverBench } from './hover.js';
import { describeParallelism, measureParallelism } from './parallelism.js';
import { runWorkbenchBench } from './workbench/run.mjs';
import { PEERS } from './peers.js';
import type { Peer } from './peers.js';
import { coreOptions, makeInput, volume, WORKLOADS } from './workloads.js';
import type { InputKind, Workload } from './workloads.js';

interface Timing {
  median: number;
  min: number;
  runs: number;
}

/** Warm up (V8 tiers WebAssembly and JS up while running), then time: more runs for fast calls. */
async function time(call: () => unknown): Promise<Timing> {
  const t0 = performance.now();
  await call();
  const first = performance.now() - t0;
  const warm = first > 1000 ? 0 : first > 200 ? 1 : 4;
  for (let i = 0; i < warm; i++) await call();
  const runs = first > 1000 ? 2 : first > 200 ? 3 : first > 30 ? 7 : 15;
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)]!, min: ts[0]!, runs };
}

/** Rounds of the paired measurement of the marked rows (see `timePaired`). */
export const PAIRED_ROUNDS = 101;

/**
 * Core and one peer timed in alternation (core, peer, peer, core, …: each goes first in half
 * the rounds) after warm-up rounds, so load from other processes on a shared machine falls on
 * both alike; medians of `rounds` calls each. The marks that compare the core with one peer
 * use this rather than two series timed a while apart.
 */
async function timePaired(core: () => unknown, peer: () => unknown, rounds = PAIRED_ROUNDS): Promise<{ core: Timing; peer: Timing }> {
  for (let i = 0; i < 10; i++) {
    await core();
    await peer();
  }
  const a: number[] = [];
  const b: number[] = [];
  const timed = async (call: () => unknown, into: number[]): Promise<void> => {
    const t = performance.now();
    await call();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      await timed(core, a);
      await timed(peer, b);
    } else {
      await timed(peer, b);
      await timed(core, a);
    }
  }
  const summary = (ts: number[]): Timing => {
    ts.sort((x, y) => x - y);
    return { median: ts[Math.floor(ts.length / 2)]!, min: ts[0]!, runs: ts.length };
  };
  return { core: summary(a), peer: summary(b) };
}

function copyTime(x: Float32Array): Timing {
  const y = new Float32Array(x.length);
  y.set(x); // first touch
  const ts: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    y.set(x);
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[7]!, min: ts[0]!, runs: 15 };
}

/** Largest difference allowed between two float32 avg results: the worst-case float32 summation error. */
function avgTolerance(w: Workload, x: Float32Array): number {
  let maxAbs = 0;
  for (let i = 0; i < x.length; i += 97) maxAbs = Math.max(maxAbs, Math.abs(x[i]!));
  return 2 * volume(w.kernel) * 2 ** -24 * Math.max(1, maxAbs);
}

function disagreement(w: Workload, want: Float32Array, got: Float32Array, tol: number): string | null {
  if (got.length !== want.length) return `length ${got.length} ≠ ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const a = want[i]!;
    const b = got[i]!;
    const ok = w.mode === 'max' ? a === b || (a !== a && b !== b) : Math.abs(a - b) <= tol;
    if (!ok) return `[${i}] core ${a}, peer ${b}`;
  }
  return null;
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

interface Row {
  cells: string[];
  ratio: number;
  large: boolean;
  id: string;
  copyX: number;
  /** core / onnxruntime-node (medians). */
  vsOrtNode: number;
  /** For the paired rows: the alternating measurement behind vsOrtNode. */
  paired?: { core: Timing; peer: Timing; load: number; workerShare: number };
}

/** Rows whose mark compares the core with onnxruntime-node: timed in alternation with it (timePaired). */
const PAIRED_IDS = ['iv avg'];

async function benchOne(w: Workload, kind: InputKind, peers: readonly Peer[]): Promise<Row> {
  const x = makeInput(w, kind);
  const input = { shape: w.shape, data: x };
  const options = coreOptions(w);
  const reference = pool(input, options).output.data as Float32Array;
  const out = { output: new Float32Array(reference.length) };
  setWasmKernels(true);
  const core = await time(() => pool(input, options, out));
  setWasmKernels(false);
  const js = await time(() => pool(input, options, out));
  setWasmKernels(true);
  const tol = avgTolerance(w, x);
  const problems: string[] = [];
  const jsDiff = disagreement({ ...w, mode: 'max' }, reference, out.output, 0);
  if (jsDiff !== null) problems.push(`core-js ${jsDiff}`);
  const peerTimes: (Timing | null)[] = [];
  let paired: Row['paired'];
  for (const peer of peers) {
    try {
      const run = await peer.prepare(w, x);
      const got = run.toCoreLayout(await run.run());
      const diff = disagreement(w, reference, got, tol);
      if (diff !== null) problems.push(`${peer.name} ${diff}`);
      if (peer.name === 'ort-node' && PAIRED_IDS.includes(w.id)) {
        const before = kernelThreadStats();
        paired = {
          ...(await timePaired(
            () => pool(input, options, out),
            () => run.run(),
          )),
          load: loadavg()[0]!,
          // Planes the worker threads pooled, per plane of the timed calls (10 + 101 calls).
          workerShare: (kernelThreadStats().workerParts - before.workerParts) / ((PAIRED_ROUNDS + 10) * volume(w.shape.slice(0, -w.kernel.length))),
        };
        const again = disagreement({ ...w, mode: 'max' }, reference, out.output, 0);
        if (again !== null) problems.push(`core (paired runs) ${again}`);
        peerTimes.push(paired.peer);
      } else {
        peerTimes.push(await time(() => run.run()));
      }
      await run.dispose();
    } catch (err) {
      problems.push(`${peer.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      peerTimes.push(null);
    }
  }
  const copy = copyTime(x);
  // A paired row reports the core's time from its alternating runs (the same the peer's came from).
  const coreTime = paired?.core ?? core;
  const best = Math.min(...peerTimes.map((t) => t?.median ?? Infinity));
  const ratio = coreTime.median / best;
  const cells = [
    paired === undefined ? w.label : `${w.label} ‡`,
    kind,
    `${fmt(coreTime.median)} / ${fmt(coreTime.min)}`,
    fmt(js.median),
    ...peerTimes.map((t) => (t === null ? '—' : `${fmt(t.median)} / ${fmt(t.min)}`)),
    `${ratio.toFixed(3)}`,
    `${(best / coreTime.median).toFixed(1)}×`,
    `${(coreTime.median / copy.median).toFixed(2)} (${((100 * copy.median) / coreTime.median).toFixed(0)}%)`,
    problems.length === 0 ? 'yes' : `NO: ${problems.join('; ')}`,
  ];
  const ortNode = peerTimes[peers.findIndex((p) => p.name === 'ort-node')]?.median ?? Infinity;
  const row: Row = { cells, ratio, large: Math.max(...w.kernel) >= 7, id: w.id, copyX: coreTime.median / copy.median, vsOrtNode: coreTime.median / ortNode };
  if (paired !== undefined) row.paired = paired;
  return row;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

export async function main(): Promise<void> {
  const filter = process.argv
    .slice(2)
    .find((a) => a.startsWith('--only='))
    ?.slice(7);
  const inputs: InputKind[] = process.argv.includes('--random-only') ? ['random'] : ['random', 'image'];
  const started = performance.now();
  // Count the workers that really started (a worker that fails to load is never used).
  const workers = process.argv.includes('--one-thread') || enableKernelThreads() === 0 ? 0 : await kernelThreadsReady();
  if (!wasmKernelsActive()) console.log('NOTE: WebAssembly SIMD kernels unavailable; the core runs its JS kernels.');
  console.log(
    `Pooling core vs peers — node ${process.version}, float32, one process; times in ms (median / min); load average at the start ${loadavg()[0]!.toFixed(2)} (the machine may be shared)`,
  );
  for (const p of PEERS) console.log(`  ${p.name}: ${p.note}`);
  console.log('  core: median / min with WebAssembly SIMD kernels; core-js: the plain-JS fallback (median)');
  console.log(
    `  core threads: the calling thread + ${workers} worker thread(s) (src/node/kernelThreads.ts) for calls of ≥ 512 K cells (split by planes, or by output rows of one plane); --one-thread turns them off`,
  );
  const parallel = describeParallelism(await measureParallelism());
  console.log(`  this machine: ${parallel}`);
  console.log('  avg: count_include_pad = false (TensorFlow.js has no other rule); ×copy: core time / Float32Array.set of the input');
  console.log(
    `  ‡ core and ort-node timed in alternation: ${PAIRED_ROUNDS} rounds after 10 warm-up rounds, each going first in every other round; medians (other cells: each timed in its own series)\n`,
  );
  const rows: Row[] = [];
  for (const w of WORKLOADS) {
    if (filter !== undefined && !filter.split(',').includes(w.id.replace(' ', '-'))) continue;
    for (const kind of inputs) {
      const row = await benchOne(w, kind, PEERS);
      rows.push(row);
      console.error(`  done ${row.cells[0]} ${kind}: ratio ${row.ratio.toFixed(3)}`);
    }
  }
  const header = ['workload', 'input', 'core', 'core-js', ...PEERS.map((p) => p.name), 'core/best', 'best/core', '×copy (%bw)', 'agree'];
  printTable(
    header,
    rows.map((r) => r.cells),
  );
  const geo = Math.exp(rows.reduce((a, r) => a + Math.log(r.ratio), 0) / rows.length);
  const worst = rows.reduce((a, r) => (r.ratio > a.ratio ? r : a), rows[0]!);
  const largeWorst = rows.filter((r) => r.large).reduce((a, r) => Math.max(a, r.ratio), 0);
  const mark = (met: boolean): string => (met ? 'met' : 'NOT met');
  const marks: boolean[] = [];
  const goal = (text: string, met: boolean): void => {
    marks.push(met);
    console.log(`${text}: ${mark(met)}`);
  };
  console.log('');
  goal(`geometric mean of core/best-peer: ${geo.toFixed(3)} (goal ≤ 0.25)`, geo <= 0.25);
  const ivAvg = rows.filter((r) => r.id === 'iv avg');
  for (const r of ivAvg) {
    const how =
      r.paired === undefined
        ? 'medians of separate series'
        : `medians ${fmt(r.paired.core.median)} / ${fmt(r.paired.peer.median)} ms of ${r.paired.core.runs} alternating runs each (min ${fmt(r.paired.core.min)} / ${fmt(r.paired.peer.min)}; load average ${r.paired.load.toFixed(2)}; ${(100 * r.paired.workerShare).toFixed(0)}% of the planes pooled on worker threads)`;
    goal(
      `${r.cells[0]} ${r.cells[1]}: core/ort-node ${r.vsOrtNode.toFixed(3)}, ${how} (goal ≤ 1.0, onnxruntime-node with its default threads)`,
      r.vsOrtNode <= 1,
    );
  }
  if (ivAvg.length > 0) console.log(`  (what a second thread can add here: ${parallel})`);
  goal(`worst core/best-peer: ${worst.ratio.toFixed(3)} on ${worst.cells[0]} ${worst.cells[1]} (goal ≤ 1.0)`, worst.ratio <= 1);
  if (largeWorst > 0) goal(`k ≥ 7, worst core/best-peer: ${largeWorst.toFixed(4)} (goal ≤ 0.05, i.e. ≥ 20× faster than every peer)`, largeWorst <= 0.05);
  const i = rows.filter((r) => r.id === 'i max');
  if (i.length > 0)
    goal(
      `(i) max core / copy time: ${i.map((r) => r.copyX.toFixed(2)).join(', ')} (goal ≤ 3)`,
      i.every((r) => r.copyX <= 3),
    );
  const disagree = rows.filter((r) => !r.cells[r.cells.length - 1]!.startsWith('yes'));
  console.log(disagree.length === 0 ? 'all peers agree with the core' : `${disagree.length} rows DISAGREE`);
  if (!process.argv.includes('--no-hover')) marks.push(await runHoverBench());
  // The panel in the real workbench (bench/workbench/): first paint, parameter changes, long tasks, memory, copies.
  if (!process.argv.includes('--no-workbench')) marks.push(...(await runWorkbenchBench({ floors: !process.argv.includes('--no-floors') })));
  console.log(
    `\n${marks.filter((m) => !m).length === 0 ? 'every mark met' : `${marks.filter((m) => !m).length} mark(s) NOT met`}; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (disagree.length > 0) process.exitCode = 1;
}
