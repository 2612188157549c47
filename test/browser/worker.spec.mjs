// The panel's Web Worker: the pooling runs there (the UI thread's code has none of it), its
// output has the same bits as the core run in Node, a parameter change supersedes pending work
// (a stale frame is never shown) and the grids being recomputed are dimmed meanwhile. Also a
// measurement, printed and never asserted: the longest task of the panel's UI thread during
// parameter changes (a PerformanceObserver on 'longtask'), and what the UI thread holds in
// ArrayBuffers (checked: less than half the array, which lives in the worker).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { watchWebviewMemory } from '../../bench/workbench/webviewMemory.mjs';
import { measure, median, ms, PanelPage } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The panel's pre-worker path in Node: its default parameters plus `initial`, pooled by src/request. */
async function nodeReference() {
  const built = await esbuild.build({
    stdin: {
      contents: `
        import { applyHostParams, defaultUiState } from './webview/state';
        import { runRequest } from './src/request';
        export function poolLikePanel(shape, values, initial) {
          const ui = defaultUiState({ shape, convention: 'pytorch', colormap: 'auto', decimals: 3 });
          const params = applyHostParams(ui.params, initial, shape.length);
          const out = runRequest({ shape: [1, ...shape], data: Float32Array.from(values) }, params, { convention: params.convention });
          return { shape: out.shape.slice(1), data: out.data };
        }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    define: { POOLING_LENS_TEST_HOOKS: 'false' },
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

/** Deterministic values with ties, negatives and a NaN (as float32). */
function randomValues(n, seed = 7) {
  let x = seed;
  const out = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(Math.fround(((x % 2001) - 1000) / 37));
  }
  out[5] = NaN;
  return out;
}

const sameBits = (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Types a kernel size the way a user does (an `input` event on "Kernel H"). */
async function setKernelH(p, k) {
  await p.page.evaluate((k) => {
    const input = document.querySelector('[aria-label="Kernel H"]');
    input.value = String(k);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, k);
}

describe('The panel worker', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('pools in the worker: its count of pooling calls grows, and the UI thread’s code has no pooling in it', async () => {
    p = await PanelPage.open();
    await p.load({ shape: [16, 16] });
    await p.nextFrame();
    const before = await p.page.evaluate(() => window.__poolingLens.workerStats());
    const since = await p.postedCount();
    await setKernelH(p, 3);
    const r = await p.renderedAfter(since);
    assert.deepEqual(r.output, [5, 8]);
    const after = await p.page.evaluate(() => window.__poolingLens.workerStats());
    assert.equal(after.poolCalls, before.poolCalls + 1, 'one parameter change, one pooling in the worker');

    // The bundle's UI-thread code, without the worker's source embedded in it as text.
    const main = readFileSync(path.join(root, 'dist/webview/main.js'), 'utf8');
    const embedded = main.split('\n').find((line) => line.includes('pooling_lens_worker_source_default = '));
    assert.ok(embedded, 'main.js embeds the worker');
    const uiCode = main.replace(embedded, '');
    for (const fn of ['runRequest', 'compareFrameworks', 'extractBlock', 'computeStats', 'renderScalar', 'computeChain', 'poolChain']) {
      assert.ok(embedded.includes(`function ${fn}(`), `the worker has ${fn}`);
      assert.ok(!uiCode.includes(`function ${fn}(`), `the UI thread's code has no ${fn}`);
    }
    await p.close();
    p = undefined;
  });

  it('the output has the same bits as the core in Node (max, avg with padding, lp, adaptive; ceil mode)', async () => {
    const shape = [37, 41];
    const values = randomValues(shape[0] * shape[1]);
    const { poolLikePanel } = await nodeReference();
    const cases = [
      { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      { mode: 'avg', kernel: [3, 2], stride: [2, 1], padding: [1, 1], countIncludePad: false, ceilMode: true },
      { mode: 'avg', kernel: [4, 4], stride: [3, 3], padding: [2, 2] },
      { mode: 'lp', p: 3, kernel: [2, 3], stride: [2, 2] },
      { kind: 'adaptive', mode: 'avg', outputSize: [5, 7] },
    ];
    p = await PanelPage.open();
    for (const initial of cases) {
      const r = await p.load({ shape, values, initial });
      await p.nextFrame();
      const want = poolLikePanel(shape, values, initial);
      assert.deepEqual(r.output, want.shape, JSON.stringify(initial));
      const cells = await p.page.evaluate(() => window.__poolingLens.cells('output'));
      const got = cells.values.flat();
      assert.equal(got.length, want.data.length);
      const differ = got.findIndex((v, i) => !sameBits(v, want.data[i]));
      assert.equal(differ, -1, `${JSON.stringify(initial)}: cell ${differ} is ${got[differ]}, the core gives ${want.data[differ]}`);
    }
    await p.close();
    p = undefined;
  });

  it('a new parameter supersedes pending work: no stale frame is shown, and the output is dimmed until the newest arrives', async () => {
    p = await PanelPage.open();
    const shape = [300, 300];
    await p.load({ shape, fill: 'wave' });
    await p.nextFrame();
    const before = await p.page.evaluate(() => ({ frames: window.__poolingLens.shownFrames('output').length }));
    // Every pooling now takes 1 s in the worker (test builds only).
    const stats0 = await p.page.evaluate(() => window.__poolingLens.workerStats(1000));
    const since = await p.postedCount();
    // Three changes in the page, well within that second: k=3 starts in the worker, k=4 waits
    // behind it, k=5 replaces k=4 before it can start.
    const dimmed = await p.page.evaluate(async () => {
      const frames = (n) =>
        new Promise((res) => {
          const step = (k) => (k === 0 ? res(undefined) : requestAnimationFrame(() => step(k - 1)));
          step(n);
        });
      const set = (k) => {
        const input = document.querySelector('[aria-label="Kernel H"]');
        input.value = String(k);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      set(3);
      await frames(2);
      await new Promise((r) => setTimeout(r, 50));
      const pane = document.querySelector('.pl-pane-output');
      const state = { pending: pane.classList.contains('pl-pending'), busy: pane.getAttribute('aria-busy') };
      set(4);
      await frames(2);
      set(5);
      await frames(2);
      return state;
    });
    await p.page.waitForTimeout(300);
    const opacity = await p.page.evaluate(() => Number(getComputedStyle(document.querySelector('.pl-pane-output canvas.pl-canvas')).opacity));
    await p.nextFrame();
    await p.page.evaluate(() => window.__poolingLens.workerStats(0));
    const stats1 = await p.page.evaluate(() => window.__poolingLens.workerStats());
    const after = await p.page.evaluate(() => ({
      frames: window.__poolingLens.shownFrames('output').length,
      pending: document.querySelector('.pl-pane-output').classList.contains('pl-pending'),
      busy: document.querySelector('.pl-pane-output').getAttribute('aria-busy'),
    }));

    assert.deepEqual(dimmed, { pending: true, busy: 'true' }, 'the output is dimmed while the worker works');
    assert.ok(opacity < 1, `the dimmed output canvas has opacity ${opacity}`);
    assert.deepEqual({ pending: after.pending, busy: after.busy }, { pending: false, busy: 'false' }, 'no longer dimmed once drawn');
    // k=3 was under way and ran; k=4 was superseded before it started; k=5 ran.
    assert.equal(stats1.poolCalls - stats0.poolCalls, 2, 'the superseded request (k=4) never ran');
    assert.equal(after.frames - before.frames, 1, 'one frame reached the output grid: the newest');
    const reported = (
      await p.page.evaluate(
        (n) =>
          window.__posted
            .slice(n)
            .filter((x) => x.message.type === 'rendered')
            .map((x) => x.message.output),
        since,
      )
    ).map(String);
    assert.deepEqual(reported, ['60,150'], 'only the newest output (k=5) was reported as on screen');

    // What is shown is k=5's output, computed here the way the page filled the input.
    const values = [];
    for (let y = 0; y < shape[0]; y++) for (let x = 0; x < shape[1]; x++) values.push(Math.fround(Math.sin(x * 0.05) * Math.cos(y * 0.03) * 100));
    const { poolLikePanel } = await nodeReference();
    const want = poolLikePanel(shape, values, { kernel: [5, 2] });
    const cells = await p.page.evaluate(() => window.__poolingLens.cells('output'));
    assert.deepEqual([cells.values.length, cells.values[0].length], want.shape);
    const got = cells.values.flat();
    assert.equal(
      got.findIndex((v, i) => !sameBits(v, want.data[i])),
      -1,
      'the output grid holds k=5’s values',
    );
    await p.close();
    p = undefined;
  });
});

describe('The panel worker: first paint', () => {
  it('shows the input as soon as it is cut and coloured, and the output (dimmed pane meanwhile) when it is pooled', async () => {
    const p = await PanelPage.open();
    try {
      // Every pooling now takes 600 ms in the worker; cutting and colouring the input do not.
      await p.page.evaluate(() => window.__poolingLens.workerStats(600));
      const seen = p.page.evaluate(
        () =>
          new Promise((resolve) => {
            const states = [];
            const look = () => {
              const input = window.__poolingLens.shownFrames('input').length > 0;
              const output = window.__poolingLens.shownFrames('output').length > 0;
              const pending = document.querySelector('.pl-pane-output').classList.contains('pl-pending');
              states.push({ input, output, pending, at: performance.now() });
              if (output) resolve(states);
              else requestAnimationFrame(look);
            };
            look();
          }),
      );
      const r = await p.load({ shape: [256, 256], fill: 'wave' });
      assert.deepEqual(r.output, [128, 128]);
      const states = await seen;
      const inputOnly = states.filter((x) => x.input && !x.output);
      assert.ok(inputOnly.length > 0, 'a frame showed the input before the output came');
      assert.ok(
        inputOnly.every((x) => x.pending),
        'the output pane is dimmed while it waits',
      );
      const last = states[states.length - 1];
      measure('first paint with a 600 ms pooling: input shown before the output by', ms(last.at - inputOnly[0].at));
      await p.page.evaluate(() => window.__poolingLens.workerStats(0));
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });
});

describe('The panel worker: large planes', () => {
  it('a 2048² output travels as a downsampled raster; zoomed in, the worker sends the cells in view with their values', async () => {
    const p = await PanelPage.open();
    try {
      const shape = [2050, 2050];
      const r = await p.load({ shape, fill: 'wave', initial: { mode: 'avg', kernel: [3, 3], stride: [1, 1] } });
      assert.deepEqual(r.output, [2048, 2048]);
      await p.nextFrame();
      // Fitted, nothing of the plane's values is on the UI thread.
      assert.ok(Number.isNaN(await p.page.evaluate(() => window.__poolingLens.value('output', 1024, 1024))));
      for (let i = 0; i < 14; i++) await p.page.getByRole('button', { name: 'Zoom in (Output)' }).click();
      await p.nextFrame();
      await p.page.waitForTimeout(100);
      await p.nextFrame();
      const camera = await p.page.evaluate(() => window.__poolingLens.camera('output'));
      assert.ok(camera.scale >= 16, `zoomed in to ${camera.scale} px per cell`);
      const at = [Math.floor(camera.cy), Math.floor(camera.cx)];
      const values = [];
      for (let y = 0; y < shape[0]; y++) for (let x = 0; x < shape[1]; x++) values.push(Math.fround(Math.sin(x * 0.05) * Math.cos(y * 0.03) * 100));
      const { poolLikePanel } = await nodeReference();
      const want = poolLikePanel(shape, values, { mode: 'avg', kernel: [3, 3], stride: [1, 1] });
      const seen = await p.page.evaluate(([r, c]) => [window.__poolingLens.value('output', r, c), window.__poolingLens.value('output', 0, 0)], at);
      assert.ok(sameBits(seen[0], want.data[at[0] * 2048 + at[1]]), `cell ${at}: ${seen[0]} vs ${want.data[at[0] * 2048 + at[1]]}`);
      assert.ok(Number.isNaN(seen[1]), 'a cell far out of view is not sent');
      // The number printed in the cell is drawn: hover it and the explanation (from the worker) agrees.
      await p.hover('output', at[0], at[1]);
      const e = await p.explain();
      assert.match(e.head, new RegExp(`^Output \\[${at[0]}, ${at[1]}\\] = `));
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });
  it('the Compare view of an output too big to send whole names every column’s value at a hovered cell (read in the worker)', async () => {
    const p = await PanelPage.open();
    try {
      await p.load({ shape: [1030, 1030], fill: 'wave', initial: { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] } });
      await p.page.getByRole('tab', { name: 'Compare frameworks' }).click();
      await p.page.waitForFunction(() => (document.querySelector('.pl-compare-status')?.textContent ?? '') !== '', null, { timeout: 60_000 });
      await p.nextFrame();
      // 1030² outputs: no column's values came whole.
      assert.ok(Number.isNaN(await p.page.evaluate(() => window.__poolingLens.value('pytorch', 500, 500))));
      await p.hover('pytorch', 500, 500);
      const detail = await p.text('.pl-compare-detail-head');
      assert.match(detail, /^Output \[500, 500\]: PyTorch -?\d/);
      assert.ok(!/NaN|\u2026/.test(detail), detail);
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });
});

describe('The panel worker’s memory (V8’s own count, over CDP)', () => {
  it('a 4096² array through parameter changes: the worker holds the array and one output, at its peak too', async () => {
    const side = 4096;
    const p = await PanelPage.open();
    try {
      const watch = await watchWebviewMemory(p.page, { everyMs: 10, newWorker: false });
      await p.load({ shape: [side, side], fill: 'wave' });
      await p.nextFrame();
      const outputs = [];
      const change = async (step) => {
        const since = await p.postedCount();
        await step();
        const r = await p.renderedAfter(since);
        assert.equal(r.error, null);
        outputs.push(r.output.reduce((a, b) => a * b, 4));
      };
      for (const k of [3, 2]) await change(() => setKernelH(p, k));
      await change(() =>
        p.page.evaluate(() =>
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'setParams', params: { mode: 'avg', kernel: [15, 15], stride: [1, 1] } } })),
        ),
      );
      for (const k of [14, 15, 14, 15]) await change(() => setKernelH(p, k));
      await p.page.evaluate(() => window.__poolingLens.settled());
      const m = await watch.stop(p.page.mainFrame());
      assert.ok(m.found.worker, 'the panel’s worker is among Chromium’s targets');
      const arrayBytes = side * side * 4;
      const largest = Math.max(...outputs);
      const MiB = 2 ** 20;
      const over = (b) => `${((b - arrayBytes) / largest).toFixed(2)}× the largest output`;
      measure(
        `${side}×${side} worker's ArrayBuffers, k2 s2 then k15 avg s1 changes`,
        `peak ${(m.peaks.worker.backing / MiB).toFixed(1)} MiB (array + ${over(m.peaks.worker.backing)}, ${m.samples} samples), after a GC ${(m.after.worker.backing / MiB).toFixed(1)} MiB; keeps ${m.held.map((b) => `${b.name} ${(b.bytes / MiB).toFixed(1)} MiB`).join(', ')}`,
      );
      assert.deepEqual(
        m.held.filter((b) => b.name !== 'core scratch').map((b) => b.name),
        ['array', 'output'],
      );
      // What stays: the array and the output; at the peak, besides, the rasters on their way out.
      assert.ok(m.after.worker.backing <= arrayBytes + largest + MiB, `after a GC: ${m.after.worker.backing} bytes`);
      assert.ok(m.peaks.worker.backing <= arrayBytes + largest + 16 * MiB, `peak: ${m.peaks.worker.backing} bytes`);
      await p.close();
    } finally {
      await PanelPage.discard(p);
    }
  });
});

describe('The panel worker: UI-thread long tasks (printed, not asserted)', () => {
  for (const side of [1024, 4096, 8192]) {
    it(`longest UI-thread task during k15 avg parameter changes, ${side}×${side}`, async () => {
      const p = await PanelPage.open();
      try {
        await p.load({ shape: [side, side], fill: 'wave', initial: { mode: 'avg', kernel: [15, 15], stride: [1, 1] } });
        await p.nextFrame();
        const t = await p.page.evaluate(async () => {
          const tasks = [];
          const observer = new PerformanceObserver((list) => {
            for (const e of list.getEntries()) tasks.push(e.duration);
          });
          observer.observe({ type: 'longtask' });
          const input = document.querySelector('[aria-label="Kernel H"]');
          const times = [];
          for (const k of [14, 15, 14, 15]) {
            const n = window.__posted.length;
            const t0 = performance.now();
            input.value = String(k);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await new Promise((resolve) => {
              const poll = () => (window.__posted.slice(n).some((x) => x.message.type === 'rendered') ? resolve(undefined) : setTimeout(poll, 0));
              poll();
            });
            times.push(performance.now() - t0);
          }
          await new Promise((r) => setTimeout(r, 50));
          observer.disconnect();
          return { tasks, times, supported: PerformanceObserver.supportedEntryTypes.includes('longtask') };
        });
        assert.ok(t.supported, 'this Chromium reports long tasks');
        // What the UI thread holds in ArrayBuffers once garbage is collected: the array lives in the worker.
        const cdp = await p.page.context().newCDPSession(p.page);
        await cdp.send('HeapProfiler.collectGarbage');
        const { backingStorageSize } = await cdp.send('Runtime.getHeapUsage');
        const arrayBytes = side * side * 4;
        measure(
          `${side}×${side} UI thread's ArrayBuffers after the changes`,
          `${(backingStorageSize / 2 ** 20).toFixed(1)} MiB (the array: ${(arrayBytes / 2 ** 20).toFixed(0)} MiB)`,
        );
        if (side >= 4096) assert.ok(backingStorageSize < arrayBytes / 2, 'the UI thread holds no copy of the array');
        measure(
          `${side}×${side} k15 avg parameter change: longest UI-thread task`,
          t.tasks.length
            ? `${ms(Math.max(...t.tasks))} (${t.tasks.length} tasks over 50 ms in ${t.times.length} changes)`
            : `none over 50 ms in ${t.times.length} changes`,
        );
        measure(`${side}×${side} k15 avg parameter change → both grids drawn`, `median ${ms(median(t.times))}`);
        await p.close();
      } finally {
        await PanelPage.discard(p);
      }
    });
  }
});
