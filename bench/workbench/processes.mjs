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
 */
export async function splitByProcess(userDataDir, page) {
  const before = sizesByPid(rendererPids(userDataDir));
  const sampler = await sampleHeaps(page).catch(() => null);
  let heaps = null;
  return {
    async stop() {
      heaps ??= (await sampler?.stop().catch(() => null)) ?? [];
      const pids = [...new Set([...before.keys(), ...rendererPids(userDataDir)])];
      const peaks = peaksByPid(pids);
      const roles = await processRoles(page).catch(() => new Map());
      const processes = pids
        .map((pid) => ({ pid, before: before.get(pid) ?? 0, peak: peaks.get(pid) ?? 0, roles: [...(roles.get(pid) ?? [])] }))
        // A renderer gone by now has no peak to read (0): its growth is unknown, not negative.
        .map((p) => ({ ...p, ended: p.peak === 0, growth: p.peak === 0 ? 0 : p.peak - p.before }));
      return { processes, heaps };
    },
  };
}
