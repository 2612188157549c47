// The webview's side of a panel's memory, read from Chromium itself over CDP: the panel's Web
// Worker (which owns the webview's copy of the array and its output) measured by V8 —
// ArrayBuffer backing stores (Runtime.getHeapUsage's backingStorageSize) and the JS heap —
// sampled from before the panel opens until after its parameter changes (the peak), and once more
// after a forced GC (what stays). The webview's UI thread likewise when its frame has a target of
// its own (an out-of-process iframe), and the worker's own ledger of the buffers it keeps (the
// test hooks' webview/worker/held.ts), so the figure can be checked buffer by buffer.
const MiB = 2 ** 20;
const WORKER_NAME = 'pooling-lens'; // webview/workerClient.ts names its worker so

/** A CDP session to a target reached through `cdp` (a page session), non-flattened. */
async function attach(cdp, targetId) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let id = 0;
  const pending = new Map();
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const i = ++id;
        pending.set(i, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method, params }) }).catch(reject);
      }),
    detach: async () => {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    },
  };
}

/**
 * Starts watching: finds the panel's worker as soon as it exists (and the webview's frame
 * target, given its URL's origin, if it has one) and samples their memory every `everyMs`
 * (newWorker false: the panel is open already, its worker may be found among the existing ones).
 * `mark(name)` notes the peaks so far (e.g. at the first paint); `stop(frame)` ends it (once:
 * later calls answer the same), forces a GC, reads the worker's ledger through the panel's
 * hooks (frame null: none) and returns everything.
 */
export async function watchWebviewMemory(page, { everyMs = 25, newWorker = true } = {}) {
  const cdp = await page.context().newCDPSession(page);
  // page: the workbench's own isolate (its main thread, and every frame in its process: the
  // webview's UI thread too when it is not out of process, and VS Code's copies in transit).
  const sessions = { worker: null, ui: null, page: { send: (method, params) => cdp.send(method, params), detach: async () => {} } };
  const WHICH = ['worker', 'ui', 'page'];
  const peaks = Object.fromEntries(WHICH.map((w) => [w, { backing: 0, total: 0 }]));
  const first = {};
  const marks = {};
  let samples = 0;
  let uiOrigin = null;
  let stopped = false;
  let finding = false;
  let ended = null;
  // newWorker: the panel is yet to open, so a worker of the panel before (closing) is not this one.
  const { targetInfos: existing } = newWorker ? await cdp.send('Target.getTargets') : { targetInfos: [] };
  const old = new Set(existing.filter((t) => t.type === 'worker' && t.title === WORKER_NAME).map((t) => t.targetId));
  const find = async () => {
    if (finding) return;
    finding = true;
    try {
      const { targetInfos } = await cdp.send('Target.getTargets');
      if (!sessions.worker) {
        const w = targetInfos.find((t) => t.type === 'worker' && t.title === WORKER_NAME && !old.has(t.targetId));
        if (w) sessions.worker = await attach(cdp, w.targetId);
      }
      if (!sessions.ui && uiOrigin) {
        const f = targetInfos.find((t) => t.type === 'iframe' && t.url.startsWith(uiOrigin));
        if (f) sessions.ui = await attach(cdp, f.targetId);
      }
    } finally {
      finding = false;
    }
  };
  const read = async (which) => {
    const s = sessions[which];
    if (!s) return null;
    const u = await s.send('Runtime.getHeapUsage');
    return { backing: u.backingStorageSize ?? Number.NaN, used: u.usedSize, total: (u.backingStorageSize ?? 0) + u.usedSize };
  };
  const sample = async () => {
    if (!sessions.worker || (uiOrigin && !sessions.ui)) await find().catch(() => {});
    for (const which of WHICH) {
      // The page's isolate runs on the workbench's main thread (the panel's UI thread here too):
      // asked a quarter as often, so the sampling stays out of the latencies measured meanwhile.
      if (which === 'page' && samples % 4 !== 0) continue;
      const u = await read(which).catch(() => null);
      if (!u) continue;
      first[which] ??= u;
      peaks[which].backing = Math.max(peaks[which].backing, u.backing);
      peaks[which].total = Math.max(peaks[which].total, u.total);
    }
    samples++;
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /** The webview's frame, once known: its own target (if it is out of process) is sampled too. */
    setFrame(frame) {
      uiOrigin = new URL(frame.url()).origin;
    },
    mark(name) {
      marks[name] = structuredClone(peaks);
    },
    /** With `result` (a case of run.mjs), also sets its webviewMemory and the report's webviewMemoryLines. */
    async stop(frame, result) {
      ended ??= end(frame);
      const m = await ended;
      if (result) {
        result.webviewMemory = m;
        result.webviewMemoryLines = webviewMemoryLines(result);
      }
      return m;
    },
  };
  async function end(frame) {
    stopped = true;
    await loop;
    const after = {};
    for (const which of WHICH) {
      const s = sessions[which];
      if (!s) continue;
      await s.send('HeapProfiler.collectGarbage').catch(() => {});
      after[which] = await read(which).catch(() => null);
    }
    const stats = await frame?.evaluate(() => /** @type {any} */ (window).__poolingLens.workerStats()).catch(() => null);
    for (const s of Object.values(sessions)) await s?.detach();
    await cdp.detach().catch(() => {});
    return { found: { worker: !!sessions.worker, ui: !!sessions.ui }, samples, first, peaks, marks, after, held: stats?.held ?? null };
  }
}

const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
const signed = (b) => `${b < 0 ? '−' : '+'}${mib(Math.abs(b))}`;

/** Bytes of the largest float32 output drawn in a case's parameter changes (or at its first paint, k2 s2). */
const largestOutputBytes = (r) => Math.max(r.bytes / 4, ...(r.series ?? []).flatMap((s) => s.changes.map((c) => (c.output ?? []).reduce((a, b) => a * b, 4))));

/**
 * Lines for the report of one case (run.mjs keeps them with its result, report.mjs prints them):
 * the worker's peak (ArrayBuffers and all) against the array and the largest output, what stays
 * after a GC, the worker's ledger, the workbench page's isolate and the UI thread's.
 */
export function webviewMemoryLines(r) {
  const m = r.webviewMemory;
  if (!m) return [];
  const name = `${r.n}²`;
  if (!m.found.worker) return [`  webview ${name}: the panel's worker was not found among Chromium's targets (${m.samples} samples)`];
  const lines = [];
  const out = largestOutputBytes(r);
  const over = (b) => `array + ${((b - r.bytes) / out).toFixed(2)}× the largest output (${mib(out)})`;
  const w = m.peaks.worker;
  const opened = m.marks.opened?.worker;
  lines.push(
    `  webview ${name} worker, peak (${m.samples} samples; rasters on their way to the UI thread count): ArrayBuffers ${mib(w.backing)} = ${over(w.backing)}; with its JS heap ${mib(w.total)}` +
      (opened ? `; up to the first paint ${mib(opened.backing)}` : ''),
  );
  const a = m.after.worker;
  if (a) lines.push(`  webview ${name} worker after a GC: ArrayBuffers ${mib(a.backing)}, JS heap ${mib(a.used)}`);
  if (m.held) lines.push(`  webview ${name} worker keeps: ${m.held.map((b) => `${b.name} ${mib(b.bytes)}`).join(', ')}`);
  const pg = m.peaks.page;
  const pgFrom = m.first.page?.backing ?? Number.NaN;
  const pgOpened = m.marks.opened?.page;
  lines.push(
    `  webview ${name} workbench page's isolate (VS Code's copies in transit${m.found.ui ? '' : ', the webview UI thread'}): ArrayBuffers from ${mib(pgFrom)}, peak ${signed(pg.backing - pgFrom)}` +
      (pgOpened ? ` (${signed(pgOpened.backing - pgFrom)} up to the first paint)` : '') +
      (m.after.page ? `, after a GC ${signed(m.after.page.backing - pgFrom)}` : ''),
  );
  const ui = m.peaks.ui;
  if (m.found.ui) lines.push(`  webview ${name} UI thread (its own process): peak ArrayBuffers ${mib(ui.backing)}, with its JS heap ${mib(ui.total)}`);
  else lines.push(`  webview ${name} UI thread: shares a process with the workbench (not measured apart)`);
  return lines;
}
