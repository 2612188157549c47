// The hover on a 1000×1000 literal in a Python file (issue 14 §2): how long the answer takes and
// the longest stretch it holds the extension host's thread (typing and other extensions' requests
// wait for that, never for the whole answer). Drives the hover's pure path as provider.ts does:
// HoverLiterals (sliced scan, cached per document version) → yield → poolForHover → Markdown.
// `npm run bench:hover` alone; `npm run bench` prints it after the peers' table.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { HoverLiterals } from '../src/extension/hover/literalCache.js';
import { poolForHover, renderHoverMarkdown } from '../src/extension/hover/markdown.js';
import { DEFAULT_HOVER_SETTINGS } from '../src/extension/hover/settings.js';

const N = 1000;
const ANSWER_GOAL_MS = 100;
const BLOCK_GOAL_MS = 50;

/** A Python module with a 1000×1000 np.array literal, one row per line (as a script or numpy prints it). */
function pythonDocument(format: (v: number) => string): string[] {
  let s = 4242;
  const lines = ['import numpy as np', '', '', 'def weights():', '    return 1', '', 'x = np.array(['];
  for (let r = 0; r < N; r++) {
    const cells: string[] = [];
    for (let c = 0; c < N; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      cells.push(format((s >>> 8) / 2 ** 24 - 0.25));
    }
    lines.push(`    [${cells.join(', ')}],`);
  }
  lines.push('], dtype=np.float32)', '', 'y = x.mean()', '');
  return lines;
}

interface HoverFigures {
  label: string;
  megabytes: number;
  cold: number[];
  warm: number[];
  /** Hovers 500 ms after an edit, the literal having been re-read in the background after 300 ms (as provider.ts does). */
  afterEdit: number[];
  /** Longest synchronous stretch of any hover, ms (getText, scan slices, pooling + Markdown): wall clock, and CPU time of this process. */
  longestBlock: number;
  longestBlockCpu: number;
  /** Which stretch was longest (wall clock). */
  longestWhat: string;
  /** Longest event-loop delay seen while hovering (perf_hooks), ms. */
  loopDelay: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, lines: string[]): Promise<HoverFigures> {
  const eol = '\n';
  let version = 1;
  // The extension host's TextDocument.getText() joins its lines on every call, as here.
  const getText = (): string => lines.join(eol);
  const literalLine = lines.findIndex((l) => l.startsWith('x = np.array'));
  const offsets: number[] = [];
  let pos = 0;
  const lineStart: number[] = [];
  for (const l of lines) {
    lineStart.push(pos);
    pos += l.length + eol.length;
  }
  let s = 99;
  for (let i = 0; i < 15; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const row = literalLine + 1 + (s % N);
    offsets.push(lineStart[row]! + 6 + ((s >>> 10) % (lines[row]!.length - 8)));
  }

  let longestBlock = 0;
  let longestBlockCpu = 0;
  let longestWhat = '';
  let resumed = 0;
  let resumedCpu = process.cpuUsage();
  let stretch = 0;
  const endBlock = (what: string): void => {
    const wall = performance.now() - resumed;
    const c = process.cpuUsage(resumedCpu);
    longestBlockCpu = Math.max(longestBlockCpu, (c.user + c.system) / 1000);
    if (wall > longestBlock) {
      longestBlock = wall;
      longestWhat = what;
    }
  };
  const resume = (): void => {
    resumed = performance.now();
    resumedCpu = process.cpuUsage();
  };
  const pause = async (): Promise<void> => {
    endBlock(stretch++ === 0 ? 'getText + first slice' : 'a scan slice');
    await new Promise<void>((r) => setImmediate(r));
    resume();
  };
  const cache = new HoverLiterals(undefined, pause);
  const settings = DEFAULT_HOVER_SETTINGS;

  const hover = async (offset: number): Promise<number> => {
    const t0 = performance.now();
    resume();
    stretch = 0;
    const literal = await cache.find({
      key: 'file:///big.py',
      version,
      offset,
      languageId: 'python',
      radius: 64 * 2 ** 20,
      text: getText,
      cancelled: () => false,
    });
    if (literal === undefined) throw new Error(`no literal at ${offset}`);
    await pause();
    const pooled = poolForHover(literal.array, settings);
    const md = renderHoverMarkdown(literal.array, settings, pooled);
    const t1 = performance.now();
    endBlock('pool + Markdown');
    if (!pooled.ok || md.length === 0 || literal.array.shape.join('×') !== `${N}×${N}`) throw new Error('unexpected hover');
    return t1 - t0;
  };

  // Warm the JIT up once (a real host has parsed documents before), then measure.
  await hover(offsets[0]!);
  version++;
  longestBlock = longestBlockCpu = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cold: number[] = [];
  const warm: number[] = [];
  const afterEdit: number[] = [];
  const key = 'file:///big.py';
  let shift = 0;
  for (const o of offsets) {
    version++; // an edit the cache was not told about: the next hover reads the document itself
    cold.push(await hover(o + shift));
    warm.push(await hover(o + shift + 3)); // the mouse moves inside the same literal
    // Typing in the first line (one character in or out), as onDidChangeTextDocument reports it.
    const grow = shift === 0;
    lines[0] = grow ? 'import numpy  as np' : 'import numpy as np';
    shift = grow ? 1 : 0;
    version++;
    cache.edited(key, [{ rangeOffset: 12, rangeLength: grow ? 0 : 1, textLength: grow ? 1 : 0 }]);
    const v = version;
    setTimeout(() => {
      resume();
      stretch = 0;
      void cache
        .refresh({ key, version: v, offset: 0, languageId: 'python', radius: 64 * 2 ** 20, text: getText, cancelled: () => version !== v })
        .then(() => endBlock('background re-read'));
    }, 300);
    await new Promise((r) => setTimeout(r, 500));
    afterEdit.push(await hover(o + shift + 5));
  }
  delay.disable();
  return { label, megabytes: getText().length / 2 ** 20, cold, warm, afterEdit, longestBlock, longestBlockCpu, longestWhat, loopDelay: delay.max / 1e6 };
}

/** Runs both documents and prints the figures and marks; true when every mark is met. */
export async function runHoverBench(): Promise<boolean> {
  console.log(
    `\nHover on a ${N}×${N} literal in a Python file (pure path of src/extension/hover; 15 rounds per document: a hover after an edit the cache was not told of, again inside the same literal, then an edit, the background re-read 300 ms later and a hover 500 ms after the edit)`,
  );
  const docs = [
    await measure(
      '4 decimals (0.1234)',
      pythonDocument((v) => v.toFixed(4)),
    ),
    await measure(
      'float32 repr (8 digits)',
      pythonDocument((v) => String(Math.fround(v).toPrecision(8))),
    ),
  ];
  let ok = true;
  for (const d of docs) {
    const coldMed = median(d.cold);
    const editMed = median(d.afterEdit);
    const coldOk = coldMed <= ANSWER_GOAL_MS;
    const editOk = editMed <= ANSWER_GOAL_MS;
    const blockOk = d.longestBlock <= BLOCK_GOAL_MS;
    ok &&= coldOk && editOk && blockOk;
    const mark = (met: boolean): string => (met ? 'met' : 'NOT met');
    console.log(`  ${d.label}, ${d.megabytes.toFixed(1)} MB:`);
    console.log(
      `    answer 500 ms after an edit (re-read in the background): median ${editMed.toFixed(1)} ms, max ${Math.max(...d.afterEdit).toFixed(1)} — goal ≤ ${ANSWER_GOAL_MS} ms: ${mark(editOk)}`,
    );
    console.log(
      `    answer with nothing cached (reads ${d.megabytes.toFixed(1)} MB): median ${coldMed.toFixed(1)} ms, max ${Math.max(...d.cold).toFixed(1)} — goal ≤ ${ANSWER_GOAL_MS} ms: ${mark(coldOk)}`,
    );
    console.log(`    answer again inside the same literal: median ${median(d.warm).toFixed(1)} ms`);
    console.log(
      `    longest synchronous block ${d.longestBlock.toFixed(1)} ms wall (${d.longestWhat}; longest CPU ${d.longestBlockCpu.toFixed(1)} ms; event-loop delay max ${d.loopDelay.toFixed(1)} ms) — goal ≤ ${BLOCK_GOAL_MS} ms: ${mark(blockOk)}`,
    );
  }
  return ok;
}

if (process.argv[1]?.endsWith('hover.ts')) {
  const ok = await runHoverBench();
  if (!ok) process.exitCode = 1;
}
