// Optional Chromium trace of each first paint (`--trace=DIR`): what every thread of every
// renderer did from the command to both grids drawn, for chrome://tracing or Perfetto, and a
// short summary of the busiest tasks per thread printed with the case. Profiling aid only.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const CATEGORIES = ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'].join(',');

/** Starts tracing on `page`'s CDP session; `stop(file)` writes the trace and returns its summary lines. */
export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return {
    async stop(file) {
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach().catch(() => {});
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      return summarize(events, path.basename(file));
    },
  };
}

/** Per thread: busy time in top-level tasks, and the longest tasks with what ran in them. */
function summarize(events, name) {
  const threads = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const tasks = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!tasks.has(key)) tasks.set(key, []);
    tasks.get(key).push(e);
  }
  const inside = (task, kinds) =>
    events
      .filter(
        (e) => e.ph === 'X' && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && kinds.has(e.name),
      )
      .map(
        (e) =>
          `${e.name}${e.args?.data?.url ? ` ${String(e.args.data.url).split('/').pop()}` : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${(e.dur / 1000).toFixed(0)}`,
      )
      .slice(0, 4);
  const kinds = new Set([
    'EvaluateScript',
    'v8.compile',
    'FunctionCall',
    'ParseHTML',
    'Layout',
    'UpdateLayoutTree',
    'Paint',
    'MajorGC',
    'MinorGC',
    'V8.GC_MARK_COMPACTOR',
    'EventDispatch',
    'TimerFire',
    'v8.run',
  ]);
  const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const lines = [`  trace ${name}:`];
  for (const [key, list] of [...tasks].sort((a, b) => sumDur(b[1]) - sumDur(a[1])).slice(0, 6)) {
    const longest = [...list].sort((a, b) => b.dur - a.dur).slice(0, 4);
    lines.push(`    ${threads.get(key) ?? key} (${key}): busy ${(sumDur(list) / 1000).toFixed(0)} ms in ${list.length} tasks; longest:`);
    for (const t of longest) lines.push(`      @${((t.ts - t0) / 1000).toFixed(0)} ms ${(t.dur / 1000).toFixed(0)} ms [${inside(t, kinds).join('; ')}]`);
  }
  return lines;
}

const sumDur = (list) => list.reduce((s, e) => s + (e.dur ?? 0), 0);
