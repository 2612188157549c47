// What the benchmark does inside the panel's webview (a frame of the workbench page): find it,
// read when it drew, and time parameter changes with a long-task observer running. The signals
// come from the dev build's test hooks (window.__poolingLens, webview/testHooks.ts).

/** The frame whose window has the panel's hooks and has drawn at least once, or null. */
export async function findPanelFrame(page) {
  for (const frame of page.frames()) {
    const drawn = await frame
      .evaluate(() => {
        const hooks = /** @type {any} */ (window).__poolingLens;
        return hooks ? hooks.timeline().some((e) => e.kind === 'rendered') : false;
      })
      .catch(() => false); // a frame that went away meanwhile
    if (drawn) return frame;
  }
  return null;
}

/** The panel's timeline with wall-clock times (ms since the epoch, as Date.now()). */
export function wallTimeline(frame) {
  return frame.evaluate(() => {
    const hooks = /** @type {any} */ (window).__poolingLens;
    return hooks.timeline().map((e) => ({ ...e, wall: performance.timeOrigin + e.at }));
  });
}

/**
 * In the panel: optionally applies `setup` parameters (as the host's setParams would), then types
 * each of `values` into the field labelled `field` and times it until the panel reports both
 * grids drawn (`drawn`) and until the next animation frame (`frame`). A PerformanceObserver
 * collects long tasks meanwhile: `self` are the panel's own, `any` every one it is told of.
 */
export function timeParamChanges(frame, { setup, field, values, timeoutMs }) {
  return frame.evaluate(
    async ({ setup, field, values, timeoutMs }) => {
      const hooks = /** @type {any} */ (window).__poolingLens;
      const renders = () => hooks.timeline().filter((e) => e.kind === 'rendered');
      const nextRender = (n) =>
        new Promise((resolve, reject) => {
          const started = performance.now();
          const poll = () => {
            const r = renders();
            if (r.length > n) resolve(r[r.length - 1]);
            else if (performance.now() - started > timeoutMs) reject(new Error(`no redraw within ${timeoutMs} ms`));
            else setTimeout(poll, 1);
          };
          poll();
        });
      if (setup) {
        const n = renders().length;
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'setParams', params: setup } }));
        await nextRender(n);
      }
      const tasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ ms: e.duration, self: e.name === 'self' });
      });
      observer.observe({ type: 'longtask' });
      const input = document.querySelector(`[aria-label="${field}"]`);
      if (!input) throw new Error(`no field labelled ${field}`);
      const changes = [];
      for (const v of values) {
        const n = renders().length;
        const t0 = performance.now();
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const r = await nextRender(n);
        await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
        changes.push({ drawn: r.at - t0, frame: performance.now() - t0, output: r.output, error: r.error });
      }
      await new Promise((resolve) => setTimeout(resolve, 200)); // long-task entries arrive late
      observer.disconnect();
      const longest = (xs) => xs.reduce((m, t) => Math.max(m, t.ms), 0);
      return { changes, longestSelf: longest(tasks.filter((t) => t.self)), longestAny: longest(tasks), longTasks: tasks.length };
    },
    { setup, field, values, timeoutMs },
  );
}
