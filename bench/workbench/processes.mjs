// Which renderer process is which: the workbench page, the extension host (a worker in an
// iframe), the webview's frames, service workers. Linux names a renderer only by its pid; a
// moment of Chromium tracing names each pid's frames (TracingStartedInBrowser lists every frame
// with its processId) and threads (thread_name metadata). Used to split the memory figures by
// process (bench/workbench/transport.mjs).
import { sampleHeaps } from './heaps.mjs';
import { peaksByPid, rendererPids, sizesByPid } from './memory.mjs';

/**
 * Chromium flags (--isolate) that give every origin under the workbench's host its own renderer:
 * each webview and the extension host's iframe live on <uuid>.vscode.localhost, which Chromium
 * otherwise keeps in the workbench's process (one renderer hosts everything in this setup).
 */
export function isolateFlags(port) {
  return [`--isolate-origins=http://[*.]vscode.localhost:${port}`];
}

const RSS_SAMPLE_MS = 20;

const CATEGORIES = ['__metadata', 'disabled-by-default-devtools.timeline', 'devtools.timeline'].join(',');

/** What a frame's URL is in the workbench: names for the report. */
function frameRole(url) {
  if (/\/webWorkerExtensionHostIframe\.html/.test(url)) return 'extension host';
  if (/\/webview\/browser\/pre\/index\.html/.test(url)) return 'webview (outer frame)';
  if (/\/webview\/browser\/pre\/fake\.html/.test(url) || /vscode-webview:|vscode-resource/.test(url)) return 'webview (content frame)';
  if (/^https?:\/\/vscode\.localhost(:\d+)?\/?/.test(url)) return 'workbench';
  if (url === '' || url === 'about:blank') return null;
  return `frame ${url.slice(0, 60)}`;
}

/**
 * Renderer pid → what it hosts: its frames' roles and its worker threads, from a short trace.
 * @returns {Promise<Map<number, Set<string>>>}
 */
export async function processRoles(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  try {
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    await new Promise((r) => setTimeout(r, 300));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
  } finally {
    await cdp.detach().catch(() => {});
  }
  const roles = new Map();
  const add = (pid, role) => {
    if (!role) return;
    if (!roles.has(pid)) roles.set(pid, new Set());
    roles.get(pid).add(role);
  };
  for (const e of events) {
    if (e.name === 'TracingStartedInBrowser') for (const f of e.args?.data?.frames ?? []) add(f.processId, frameRole(f.url ?? ''));
    if (e.name === 'FrameCommittedInBrowser') add(e.args?.data?.processId, frameRole(e.args?.data?.url ?? ''));
    if (e.ph === 'M' && e.name === 'thread_name' && /Worker/.test(e.args?.name ?? ''))
      add(
        e.pid,
        e.args.name
          .replace(/ thread$/, '')
          .replace('DedicatedWorker', 'dedicated worker')
          .replace('ServiceWorker', 'service worker'),
      );
    if (process.env.BENCH_DUMP_PROCESSES && (e.ph === 'M' || /Tracing|Frame|Worker/.test(e.name))) console.error(JSON.stringify(e).slice(0, 400));
  }
  return roles;
}

/**
 * Per-process memory of whatever happens between start and stop: call it when the peaks have
 * just been reset (memory.mjs resetPeaks). Each stop() returns, per renderer alive at either
 * moment, its size before, its peak since and what it hosts, and the per-isolate heaps
 * (heaps.mjs) sampled from the start to the first stop (sampling ends there, so that what
 * follows, e.g. timed parameter changes, runs without it).
 *
 * The peak is the larger of VmHWM and the sizes (VmRSS) read here every RSS_SAMPLE_MS: VmHWM
 * alone can lose a peak (Chromium's memory dumps reset it with the same `5` to clear_refs); one
 * case's Σ VmHWM was seen to fall from +1.7 GB at its first paint to +0.2 GB at its end.
 */
export async function splitByProcess(userDataDir, page) {
  const before = sizesByPid(rendererPids(userDataDir));
  const sampled = new Map(before);
  let pids = [...before.keys()];
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 25 === 0) pids = [...new Set([...pids, ...rendererPids(userDataDir)])];
    for (const [pid, rss] of sizesByPid(pids)) sampled.set(pid, Math.max(sampled.get(pid) ?? 0, rss));
  }, RSS_SAMPLE_MS);
  timer.unref();
  const sampler = await sampleHeaps(page).catch(() => null);
  let heaps = null;
  return {
    /** `last`: no later stop() will come (the RSS sampling ends). */
    async stop(last = true) {
      if (last) clearInterval(timer);
      heaps ??= (await sampler?.stop().catch(() => null)) ?? [];
      const all = [...new Set([...before.keys(), ...pids, ...rendererPids(userDataDir)])];
      const peaks = peaksByPid(all);
      const roles = await processRoles(page).catch(() => new Map());
      const processes = all
        .map((pid) => {
          const hwm = peaks.get(pid) ?? 0;
          // A renderer gone by now has no peak to read (0): what was sampled of it, else unknown.
          const peak = Math.max(hwm, hwm === 0 ? 0 : (sampled.get(pid) ?? 0));
          return { pid, before: before.get(pid) ?? 0, peak, hwm, roles: [...(roles.get(pid) ?? [])] };
        })
        .map((p) => ({ ...p, ended: p.hwm === 0, growth: p.hwm === 0 ? 0 : p.peak - p.before }));
      return { processes, heaps };
    },
  };
}
