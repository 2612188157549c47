// Per-isolate memory over CDP: each JavaScript context with its own V8 isolate (the workbench
// page's main thread, an out-of-process iframe, every worker — the extension host is one)
// answers Runtime.getHeapUsage with its JS heap and its ArrayBuffers' backing stores. Sampled
// while a panel opens, that says which isolate held the array's copies (the peak seen) and which
// still holds them (the last sample), where the per-process figures (processes.mjs) cannot tell
// the workbench from the extension host (one renderer holds both here).

const SAMPLE_MS = 100;

/** A name for a CDP target in the workbench. */
function targetRole(t, byId, workerName) {
  const url = t.url ?? '';
  if (t.type === 'page') return 'workbench page (main thread)';
  if (t.type === 'service_worker') return /webview\/browser\/pre\/service-worker/.test(url) ? 'webview service worker' : `service worker ${url.slice(0, 50)}`;
  if (t.type === 'iframe') return /webview\/browser\/pre\//.test(url) ? 'webview frame' : `iframe ${url.slice(0, 50)}`;
  if (t.type === 'worker') {
    const parent = byId.get(t.parentFrameId) ?? byId.get(t.parentId);
    // VS Code names the extension host's worker (WorkerOptions.name) 'ExtensionHostWorker'.
    if (/extensionHost/i.test(workerName) || /webWorkerExtensionHostIframe/.test(parent?.url ?? '')) return 'extension host worker';
    if (/workerMain\.js/.test(url)) return `workbench worker ${workerName}`.trim();
    if (/^blob:/.test(url)) return `worker ${url.slice(5, 25)}…`;
    return `worker ${url.slice(0, 50)}`;
  }
  return null;
}

/**
 * A page-level CDP session that can talk to every other target (workers, out-of-process frames,
 * service workers) through Target.sendMessageToTarget; `ask` answers null when a target is busy
 * for longer than `ms` or gone.
 */
async function targetChannel(page) {
  const cdp = await page.context().newCDPSession(page);
  const pending = new Map();
  let nextId = 0;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const ask = (sessionId, method, params = {}, ms = 2000) =>
    new Promise((resolve) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(null);
      }, ms);
      pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m.result ?? null);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
    });
  const attach = async (targetId) => (await cdp.send('Target.attachToTarget', { targetId, flatten: false }).catch(() => ({ sessionId: null }))).sessionId;
  return { cdp, ask, attach };
}

/**
 * Collects garbage in every isolate of the browser (HeapProfiler.collectGarbage), so that what
 * the last case left for the collector is not freed during the next one (which would hide as
 * much of that case's growth: one renderer holds everything here).
 */
export async function collectGarbage(page) {
  const { cdp, ask, attach } = await targetChannel(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const byId = new Map(targetInfos.map((t) => [t.targetId, t]));
    await Promise.all(
      targetInfos
        .filter((t) => targetRole(t, byId, ''))
        .map(async (t) => {
          const sessionId = await attach(t.targetId);
          if (!sessionId) return;
          await ask(sessionId, 'HeapProfiler.collectGarbage', {}, 15_000);
          await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
        }),
    );
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Starts sampling every isolate's heap; stop() returns per target its role, the peak of heap +
 * backing stores seen and the last sample (bytes).
 */
export async function sampleHeaps(page) {
  const { cdp, ask, attach } = await targetChannel(page);
  const sessions = new Map(); // targetId → { sessionId, role, peak, last, peakBacking }
  const discover = async () => {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const byId = new Map();
    for (const t of targetInfos) byId.set(t.targetId, t);
    for (const t of targetInfos) {
      if (sessions.has(t.targetId)) continue;
      if (!targetRole(t, byId, '')) continue;
      const entry = { role: '', url: t.url, sessionId: null, peak: 0, peakBacking: 0, last: null };
      sessions.set(t.targetId, entry);
      entry.sessionId = await attach(t.targetId);
      const named =
        t.type === 'worker' && entry.sessionId ? await ask(entry.sessionId, 'Runtime.evaluate', { expression: 'self.name', returnByValue: true }) : null;
      entry.role = targetRole(t, byId, String(named?.result?.value ?? ''));
    }
  };
  const sample = async () => {
    await discover().catch(() => {});
    await Promise.all(
      [...sessions.values()]
        .filter((s) => s.sessionId)
        .map(async (s) => {
          const r = await ask(s.sessionId, 'Runtime.getHeapUsage');
          if (!r) return;
          const total = r.usedSize + (r.backingStorageSize ?? 0);
          s.last = { used: r.usedSize, backing: r.backingStorageSize ?? 0 };
          s.peak = Math.max(s.peak, total);
          s.peakBacking = Math.max(s.peakBacking, r.backingStorageSize ?? 0);
        }),
    );
  };
  await sample();
  const first = new Map([...sessions].map(([id, s]) => [id, s.last]));
  let running = true;
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sample();
      // Detached one by one, so that no inspector session stays in an isolate while the panel is timed.
      for (const s of sessions.values()) if (s.sessionId) await cdp.send('Target.detachFromTarget', { sessionId: s.sessionId }).catch(() => {});
      await cdp.detach().catch(() => {});
      return [...sessions]
        .map(([id, s]) => {
          const before = first.get(id);
          const base = before ? before.used + before.backing : 0;
          return { role: s.role, url: s.url, before: base, peak: s.peak, peakBacking: s.peakBacking, last: s.last ? s.last.used + s.last.backing : 0 };
        })
        .filter((s) => s.peak > 0);
    },
  };
}

/** "extension host worker peak 512 MB (now 256 MB)" for the isolates whose peak grew by ≥ 8 MB. */
export function heapText(heaps) {
  const MB = 1024 * 1024;
  const byRole = new Map();
  for (const h of heaps) {
    const grew = h.peak - h.before;
    if (grew < 8 * MB) continue;
    const r = byRole.get(h.role) ?? { grew: 0, now: 0, n: 0 };
    byRole.set(h.role, { grew: r.grew + grew, now: r.now + (h.last - h.before), n: r.n + 1 });
  }
  return [...byRole]
    .sort((a, b) => b[1].grew - a[1].grew)
    .map(([role, r]) => `${role}${r.n > 1 ? ` ×${r.n}` : ''} +${(r.grew / MB).toFixed(0)} MB (at the end ${r.now >= 0 ? '+' : ''}${(r.now / MB).toFixed(0)})`)
    .join(', ');
}
