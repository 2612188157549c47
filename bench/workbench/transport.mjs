// Transport floors: what VS Code for the Web itself costs to bring an array's bytes into a
// webview, measured with a panel that pools nothing (transportFloor.ts + transportPage.ts in the
// driver bundle) by each path a panel could take, in the same run as our panel:
//   whole      readFile on the host + one webview.postMessage of the whole buffer (the panel today)
//   chunks N   readFile + postMessage of N MiB copies, each awaited before the next (or k in flight)
//   fetch      the page fetches webview.asWebviewUri(file) (VS Code's webview resource loader)
//   fetch/worker  the same from a Web Worker made from a blob URL
// each once on a never-read name of the file (cold: test-web's file system fetches it from its
// server and keeps it, as for the panel's first open) and once on the file the panel already read
// (warm: test-web's copy is there; what is left is VS Code's transport alone). Per case: the time
// from the host's start to the last byte in the webview, and the renderers' peak growth, in all
// and per process (processes.mjs).
import { linkSync, statSync } from 'node:fs';
import path from 'node:path';
import { rendererPids, resetPeaks } from './memory.mjs';
import { collectGarbage, heapText } from './heaps.mjs';
import { splitByProcess } from './processes.mjs';

const MB = 1024 * 1024;
const PATHS = [
  { label: 'postMessage whole', path: 'whole' },
  { label: 'chunks 8 MiB', path: 'chunks', chunkMiB: 8 },
  { label: 'chunks 16 MiB', path: 'chunks', chunkMiB: 16 },
  { label: 'chunks 16 MiB, 4 in flight', path: 'chunks', chunkMiB: 16, inFlight: 4 },
  { label: 'fetch (page)', path: 'fetch', inWorker: false },
  { label: 'fetch (worker)', path: 'fetch', inWorker: true },
];

/** The floor cases for the sizes among `sizes` that have marks (4096², 8192²). */
export function floorCases(sizes, folder, fileOf) {
  const cases = [];
  for (const n of sizes.filter((s) => s >= 4096)) {
    for (const p of PATHS) {
      for (const warmth of ['cold', 'warm']) {
        let file = fileOf(n);
        if (warmth === 'cold') {
          const cold = file.replace(/\.npy$/, `-floor-${p.path}${p.chunkMiB ?? ''}${p.inFlight ? `x${p.inFlight}` : ''}${p.inWorker ? 'w' : ''}.npy`);
          linkSync(path.join(folder, file), path.join(folder, cold));
          file = cold;
        }
        const { label, ...step } = p;
        cases.push({ n, bytes: n * n * 4, fileBytes: statSync(path.join(folder, file)).size, label, warmth, step: { ...step, file } });
      }
    }
  }
  return cases;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the floor cases. `next` is the driver's pending 'next' request (answered here with each
 * case); returns the driver's next 'next' request after the last case, unanswered.
 */
export async function runFloors({ page, userDataDir, bench, next, cases }) {
  const results = [];
  let step = next;
  for (const c of cases) {
    step.reply({ floor: c.step });
    const closed = await bench.next('closed');
    await sleep(1000); // the previous panel's teardown
    await collectGarbage(page);
    closed.reply({});
    const ready = await bench.next('ready');
    const pids = rendererPids(userDataDir);
    const baseline = resetPeaks(pids);
    const split = await splitByProcess(userDataDir, page);
    ready.reply({});
    const done = await bench.next('in');
    const { processes, heaps } = await split.stop();
    const t = done.body ?? { error: 'no report' };
    const growth = processes.reduce((s, p) => s + p.growth, 0);
    results.push({ ...c, ...t, baseline, growth, processes, heaps });
    if (process.env.BENCH_DUMP_PROCESSES)
      for (const h of heaps) console.error(`    heap ${h.role} ${h.url.slice(0, 90)} ${JSON.stringify({ ...h, url: undefined })}`);
    done.reply({});
    console.error(`  [workbench] floor ${c.n}² ${c.label} ${c.warmth}${t.error ? ` (${t.error})` : ''}`);
    step = await bench.next('next');
  }
  return { results, next: step };
}

/** "workbench+extension host +812 MB, webview +256 MB" for the processes whose peak moved by ≥ 8 MB. */
export function processText(split) {
  if (!split) return '';
  const ended = split.processes.filter((p) => p.ended && p.before > 0);
  return (
    split.processes
      // A peak below the size before is possible: Linux updates VmHWM lazily, so a peak freed again
      // by madvise can go unseen. Shown as measured.
      .filter((p) => Math.abs(p.growth) >= 8 * MB)
      .sort((a, b) => b.growth - a.growth)
      .map((p) => `${p.roles.length > 0 ? p.roles.join('+') : `pid ${p.pid}`} ${p.growth >= 0 ? '+' : ''}${(p.growth / MB).toFixed(0)} MB`)
      .join(', ')
      .concat(
        ended.length > 0
          ? `; ${ended.length} renderer(s) of ${(ended.reduce((s, p) => s + p.before, 0) / MB).toFixed(0)} MB ended meanwhile (not counted)`
          : '',
      )
      .concat(split.heaps.length > 0 ? `; isolates (peak heap + ArrayBuffers): ${heapText(split.heaps)}` : '')
  );
}

/** " (sampled +2.31×)": Σ of the per-process peaks, VmHWM or sampled VmRSS whichever is higher. */
function sampledTimes(split, bytes) {
  return split ? ` (sampled ${(split.processes.reduce((s, p) => s + p.growth, 0) / bytes).toFixed(2)}×)` : '';
}

/** Lines after the workbench table: each floor at each size, with our panel's first paint and memory next to them. */
export function printFloors(floors, panels) {
  if (floors.length === 0) return;
  const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '–');
  console.log('');
  for (const n of [...new Set(floors.map((f) => f.n))]) {
    const panel = panels.find((r) => r.n === n && r.role !== 'baseline');
    const bytes = n * n * 4;
    if (panel?.memory)
      console.log(
        `transport floors ${n}² (${(bytes / MB).toFixed(0)} MiB); our panel: first paint ${ms(panel.firstPaint)}, memory to first paint +${(panel.memory.opened / bytes).toFixed(2)}×${sampledTimes(panel.openedSplit, bytes)} [${processText(panel.openedSplit)}], with the parameter changes +${(panel.memory.growth / bytes).toFixed(2)}×${sampledTimes(panel.split, bytes)} [${processText(panel.split && { processes: panel.split.processes, heaps: [] })}]`,
      );
    else console.log(`transport floors ${n}² (${(bytes / MB).toFixed(0)} MiB)`);
    for (const f of floors.filter((x) => x.n === n)) {
      if (f.error) {
        console.log(`  ${f.label}, ${f.warmth}: FAILED: ${f.error}`);
        continue;
      }
      const read = f.read !== null ? `read ${ms(f.read - f.t0)}, ` : '';
      const posted = f.posted !== null && f.step.path !== 'fetch' ? `posted ${ms(f.posted - f.t0)}, ` : '';
      const check = f.bytes === f.fileBytes ? '' : ` (got ${f.bytes} of ${f.fileBytes} bytes!)`;
      console.log(
        `  ${f.label}, ${f.warmth}: in ${ms(f.in - f.t0)} (${read}${posted}${f.messages} message${f.messages === 1 ? '' : 's'})${check}; memory +${(f.growth / MB).toFixed(0)} MB = ${(f.growth / bytes).toFixed(2)}× [${processText(f)}]`,
      );
    }
  }
  console.log(
    "  transport floors: a panel that pools nothing, only takes the file's bytes in by that path (bench/workbench/transportFloor.ts). 'in': from the host's start (after the page is ready) to the last byte in the webview (its wall clock); cold = a never-read name of the file (test-web fetches it from its server and keeps it in the extension host: a first open), warm = the file the panel had read (test-web's copy already there: VS Code's transport alone). Memory as the panel's, from the page ready, Σ renderers and per process (roles named by a Chromium trace: which frames and workers each renderer hosts).",
  );
}
