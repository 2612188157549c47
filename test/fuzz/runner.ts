/**
 * Runs the fuzz loop (or a replay of saved inputs) in a worker thread and watches it: a call
 * that does not return within HANG_MS, or a worker that dies (out of memory), is a failure of
 * the input it was on, which is rebuilt here from (seed, format, index), saved, and the worker
 * restarted after it. The worker is bundled with esbuild on the fly so it runs the TypeScript
 * sources unchanged under both vitest and tsx.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { TIME_LIMIT_MS } from './check';
import type { Outcome } from './check';
import { CRASHERS, loadCorpus } from './corpus';
import { EXTENSION, FORMATS, makeInput, READ_FORMATS } from './inputs';
import type { Corpus, FuzzFormat, FuzzInput } from './inputs';
import { SLOT } from './job';
import type { FormatStats, FuzzJob, ReplayJob, WorkerMessage } from './job';

/** A call stuck this long is a hang (calls over 1 s that do return are caught by the oracle). */
export const HANG_MS = 3000;
const WORKER_HEAP_MB = 2048;

export interface FuzzOptions {
  seconds: number;
  seed: number;
  formats?: readonly FuzzFormat[];
  /** The readers' size limit during the run (small, so limit checks are exercised). */
  maxBytes?: number;
  /** A call slower than this fails (default 1 s; the CI run uses HANG_MS so load on the machine cannot fail it). */
  timeLimitMs?: number;
  /** Where to save failing inputs; undefined: do not save. */
  saveDir?: string;
  log?: (line: string) => void;
}

export interface Failure {
  format: FuzzFormat;
  index: number;
  reason: string;
  recipe: string;
  /** Saved file, if saving was on. */
  path?: string;
  /** How many inputs failed the same way (same first line, numbers aside). */
  count: number;
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  maxBytes: number;
  stats: Record<string, FormatStats>;
  failures: Failure[];
}

export const DEFAULT_FUZZ_MAX_BYTES = 1024 * 1024;

let bundled: Promise<string> | undefined;

function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pooling-lens-fuzz-'));
    const outfile = join(dir, 'worker.mjs');
    await esbuild.build({
      entryPoints: [join(__dirname, 'worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      // fast-check and jpeg-js are CommonJS: give them a require in the ESM bundle.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  return bundled;
}

function signature(format: string, reason: string): string {
  return `${format}: ${reason.split('\n')[0]!.replace(/\d+/g, 'N').slice(0, 160)}`;
}

export function saveInput(input: FuzzInput, dir: string): string {
  if (input.kind === 'read') {
    const hash = createHash('sha1').update(input.bytes).digest('hex').slice(0, 10);
    const path = join(dir, 'read', `${input.format}-${hash}${EXTENSION[input.format]}`);
    mkdirSync(join(dir, 'read'), { recursive: true });
    writeFileSync(path, input.bytes);
    return path;
  }
  const body = JSON.stringify({ text: input.text, offset: input.offset, languageId: input.languageId ?? null });
  const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
  const path = join(dir, 'literal', `literal-${hash}.json`);
  mkdirSync(join(dir, 'literal'), { recursive: true });
  writeFileSync(path, body);
  return path;
}

/** Every committed crasher as an input, for the regression tests. */
export function loadCrashers(dir = CRASHERS): { name: string; input: FuzzInput }[] {
  const out: { name: string; input: FuzzInput }[] = [];
  const readDir = join(dir, 'read');
  if (existsSync(readDir)) {
    for (const name of readdirSync(readDir).sort()) {
      const ext = extname(name).toLowerCase();
      const format = READ_FORMATS.find((f) => EXTENSION[f] === ext || (f === 'jpeg' && ext === '.jpeg'));
      if (!format) continue;
      out.push({
        name: `read/${name}`,
        input: { kind: 'read', format, fileName: name, bytes: new Uint8Array(readFileSync(join(readDir, name))), recipe: name },
      });
    }
  }
  const literalDir = join(dir, 'literal');
  if (existsSync(literalDir)) {
    for (const name of readdirSync(literalDir).sort()) {
      if (!name.endsWith('.json')) continue;
      const saved = JSON.parse(readFileSync(join(literalDir, name), 'utf8')) as { text: string; offset: number | null; languageId: string | null };
      out.push({
        name: `literal/${name}`,
        input: { kind: 'literal', format: 'literal', text: saved.text, offset: saved.offset ?? NaN, languageId: saved.languageId ?? undefined, recipe: name },
      });
    }
  }
  return out;
}

interface Watched {
  worker: Worker;
  /** Resolves when the worker finished, or with the stuck/dead position when the watchdog stopped it. */
  ended: Promise<{ kind: 'done' } | { kind: 'hang' | 'died'; format: number; index: number; detail: string }>;
}

function watch(script: string, job: FuzzJob | ReplayJob, onMessage: (m: WorkerMessage) => void, hangMs = HANG_MS): Watched {
  const state = new Int32Array(job.state);
  const worker = new Worker(script, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const ended = new Promise<{ kind: 'done' } | { kind: 'hang' | 'died'; format: number; index: number; detail: string }>((resolve) => {
    let finished = -1;
    let since = Date.now();
    let settled = false;
    const settle = (v: Parameters<typeof resolve>[0]): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(v);
    };
    const timer = setInterval(() => {
      const f = Atomics.load(state, SLOT.finished);
      if (f !== finished || Atomics.load(state, SLOT.busy) === 0) {
        finished = f;
        since = Date.now();
        return;
      }
      if (Date.now() - since > hangMs) {
        const where = { format: Atomics.load(state, SLOT.format), index: Atomics.load(state, SLOT.index) };
        void worker.terminate();
        settle({ kind: 'hang', ...where, detail: `hang: no return after ${hangMs} ms` });
      }
    }, 100);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'done') settle({ kind: 'done' });
      else onMessage(m);
    });
    worker.on('error', (e) => {
      settle({ kind: 'died', format: Atomics.load(state, SLOT.format), index: Atomics.load(state, SLOT.index), detail: `worker died: ${String(e)}` });
    });
    worker.on('exit', () => settle({ kind: 'done' }));
  });
  return { worker, ended };
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const script = await workerBundle();
  const formats = [...(options.formats ?? FORMATS)];
  const maxBytes = options.maxBytes ?? DEFAULT_FUZZ_MAX_BYTES;
  const log = options.log ?? (() => {});
  const corpus: Corpus = loadCorpus();
  for (const f of formats) if (corpus[f].length === 0 && f !== 'literal') throw new Error(`no corpus files for ${f}`);
  const deadline = Date.now() + options.seconds * 1000;
  const totals: Record<string, FormatStats> = {};
  const failures = new Map<string, Failure>();
  const start: Partial<Record<FuzzFormat, number>> = {};

  const record = (format: FuzzFormat, index: number, input: FuzzInput, reason: string): void => {
    const key = signature(format, reason);
    const known = failures.get(key);
    if (known) {
      known.count++;
      return;
    }
    const failure: Failure = { format, index, reason, recipe: input.recipe, count: 1 };
    if (options.saveDir) failure.path = saveInput(input, options.saveDir);
    failures.set(key, failure);
    log(`FAIL ${format} #${index} (${input.recipe}): ${reason}${failure.path ? `\n  saved ${failure.path}` : ''}`);
  };

  while (Date.now() < deadline) {
    let last: Partial<Record<FuzzFormat, FormatStats>> = {};
    const job: FuzzJob = {
      mode: 'fuzz',
      seed: options.seed,
      formats,
      start: { ...start },
      deadline,
      maxBytes,
      timeLimitMs: options.timeLimitMs ?? TIME_LIMIT_MS,
      corpus,
      state: new SharedArrayBuffer(16),
    };
    const w = watch(script, job, (m) => {
      if (m.type === 'stats') last = m.stats;
      else if (m.type === 'failure') record(m.format, m.index, m.input, m.outcome.reason ?? 'failed');
    });
    const end = await w.ended;
    for (const [f, s] of Object.entries(last)) {
      const t = (totals[f] ??= { tried: 0, ok: 0, rejected: 0, failed: 0, maxMs: 0, slowest: -1, largestAllocation: 0 });
      t.tried += s.tried;
      t.ok += s.ok;
      t.rejected += s.rejected;
      t.failed += s.failed;
      if (s.maxMs > t.maxMs) {
        t.maxMs = s.maxMs;
        t.slowest = s.slowest;
      }
      t.largestAllocation = Math.max(t.largestAllocation, s.largestAllocation);
      start[f as FuzzFormat] = (start[f as FuzzFormat] ?? 0) + s.tried;
    }
    if (end.kind === 'done') break;
    // The input it was stuck on: rebuilt here (inputs are pure functions of seed, format, index)
    // and run again alone, so that memory the worker had piled up is not blamed on it.
    const format = FORMATS[end.format]!;
    const input = makeInput(format, options.seed, end.index, corpus);
    const t = (totals[format] ??= { tried: 0, ok: 0, rejected: 0, failed: 0, maxMs: 0, slowest: -1, largestAllocation: 0 });
    t.tried++;
    const [alone] = await replay([input], { maxBytes, timeLimitMs: options.timeLimitMs ?? TIME_LIMIT_MS });
    if (alone?.status === 'fail') {
      t.failed++;
      record(format, end.index, input, `${end.detail}; alone: ${alone.reason ?? 'failed'}`);
    } else {
      log(`note: the worker stopped at ${format} #${end.index} (${end.detail}), but that input alone passes; resuming`);
    }
    // Resume after it: the stats the worker sent last may lag behind the inputs it tried.
    for (const f of formats) start[f] = Math.max(start[f] ?? 0, f === format ? end.index + 1 : 0);
  }
  return { seed: options.seed, seconds: options.seconds, maxBytes, stats: totals, failures: [...failures.values()] };
}

/** Runs saved inputs through the same oracle, in a watched worker. */
export interface ReplayOptions {
  maxBytes?: number;
  timeLimitMs?: number;
  hangMs?: number;
  /** Watchdog self-test: input `spinAt` never returns. */
  spinAt?: number;
}

export async function replay(inputs: FuzzInput[], options: ReplayOptions = {}): Promise<Outcome[]> {
  const { maxBytes = DEFAULT_FUZZ_MAX_BYTES, timeLimitMs = TIME_LIMIT_MS, hangMs = HANG_MS } = options;
  const script = await workerBundle();
  const outcomes: Outcome[] = [];
  let from = 0;
  while (from < inputs.length) {
    const job: ReplayJob = { mode: 'replay', inputs: inputs.slice(from), maxBytes, timeLimitMs, state: new SharedArrayBuffer(16) };
    if (options.spinAt !== undefined && options.spinAt >= from) job.spinAt = options.spinAt - from;
    const offset = from;
    const w = watch(
      script,
      job,
      (m) => {
        if (m.type === 'replayed') outcomes[offset + m.index] = m.outcome;
      },
      hangMs,
    );
    const end = await w.ended;
    if (end.kind === 'done') break;
    outcomes[offset + end.index] = { status: 'fail', reason: end.detail, ms: hangMs, largestAllocation: 0 };
    from = offset + end.index + 1;
  }
  return outcomes;
}

export function formatReport(report: FuzzReport): string {
  const lines = [`seed ${report.seed}, ${report.seconds} s, maxBytes ${report.maxBytes}`];
  lines.push('format    tried      ok  rejected  failed  slowest  largest alloc');
  let total = 0;
  for (const [f, s] of Object.entries(report.stats)) {
    total += s.tried;
    lines.push(
      `${f.padEnd(8)} ${String(s.tried).padStart(6)} ${String(s.ok).padStart(7)} ${String(s.rejected).padStart(9)} ${String(s.failed).padStart(7)} ${s.maxMs.toFixed(0).padStart(6)} ms (#${s.slowest}) ${String(s.largestAllocation).padStart(12)} B`,
    );
  }
  lines.push(`total    ${String(total).padStart(6)} inputs, ${report.failures.length} distinct failure${report.failures.length === 1 ? '' : 's'}`);
  for (const f of report.failures) lines.push(`  ${f.format} #${f.index} ×${f.count}: ${f.reason.split('\n')[0]}${f.path ? ` [${basename(f.path)}]` : ''}`);
  return lines.join('\n');
}
