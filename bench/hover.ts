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
  /** Longest synchronous stretch of any hover, ms (getText, scan slices, pooling + Markdown). */
  longestBlock: number;
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
  let resumed = 0;
  const pause = async (): Promise<void> => {
    longestBlock = Math.max(longestBlock, performance.now() - resumed);
    await new Promise<void>((r) => setImmediate(r));
    resumed = performance.now();
  };
  const cache = new HoverLiterals(undefined, pause);
  const settings = DEFAULT_HOVER_SETTINGS;

  const hover = async (offset: number): Promise<number> => {
    const t0 = performance.now();
    resumed = t0;
    const literal = await cache.find({ key: 'file:///big.py', version, offset, languageId: 'python', radius: 64 * 2 ** 20, text: getText, cancelled: () => false });
    if (literal === undefined) throw new Error(`no literal at ${offset}`);
    await pause();
    const pooled = poolForHover(literal.array, settings);
    const md = renderHoverMarkdown(literal.array, settings, pooled);
    const t1 = performance.now();
    longestBlock = Math.max(longestBlock, t1 - resumed);
    if (!pooled.ok || md.length === 0 || literal.array.shape.join('×') !== `${N}×${N}`) throw new Error('unexpected hover');
    return t1 - t0;
  };

  // Warm the JIT up once (a real host has parsed documents before), then measure.
  await hover(offsets[0]!);
  version++;
  longestBlock = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cold: number[] = [];
  const warm: number[] = [];
  for (const o of offsets) {
    version++; // an edit: the next hover reads the document again
    cold.push(await hover(o));
    warm.push(await hover(o + 3)); // the mouse moves inside the same literal
  }
  delay.disable();
  return { label, megabytes: getText().length / 2 ** 20, cold, warm, longestBlock, loopDelay: delay.max / 1e6 };
}

/** Runs both documents and prints the figures and marks; true when every mark is met. */
export async function runHoverBench(): Promise<boolean> {
  console.log(`\nHover on a ${N}×${N} literal in a Python file (pure path of src/extension/hover, 15 hovers each; cold = first hover after an edit, warm = again in the same literal)`);
  const docs = [
    await measure('4 decimals (0.1234)', pythonDocument((v) => v.toFixed(4))),
    await measure('float32 repr (8 digits)', pythonDocument((v) => String(Math.fround(v).toPrecision(8)))),
  ];
  let ok = true;
  for (const d of docs) {
    const coldMed = median(d.cold);
    const answerOk = coldMed <= ANSWER_GOAL_MS;
    const blockOk = d.longestBlock <= BLOCK_GOAL_MS;
    ok &&= answerOk && blockOk;
    console.log(
      `  ${d.label}, ${d.megabytes.toFixed(1)} MB: answer median cold ${coldMed.toFixed(1)} ms (max ${Math.max(...d.cold).toFixed(1)}), warm ${median(d.warm).toFixed(2)} ms` +
        ` — goal ≤ ${ANSWER_GOAL_MS} ms: ${answerOk ? 'met' : 'NOT met'}; longest synchronous block ${d.longestBlock.toFixed(1)} ms (event-loop delay max ${d.loopDelay.toFixed(1)} ms)` +
        ` — goal ≤ ${BLOCK_GOAL_MS} ms: ${blockOk ? 'met' : 'NOT met'}`,
    );
  }
  return ok;
}

if (process.argv[1]?.endsWith('hover.ts')) {
  const ok = await runHoverBench();
  if (!ok) process.exitCode = 1;
}
