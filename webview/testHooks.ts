// Hooks for the browser tests (test/browser): window.__poolingLens tells where cells are on
// screen, how long draws took, where each grid's camera is, and when loads arrived and both grids
// were drawn (bench/workbench). Test-only: every use sits in an
// `if (POOLING_LENS_TEST_HOOKS)` block, and `build.mjs --production` defines that false, so
// esbuild drops the blocks and this module from the bundle that ships.
import { copyCounts } from '../src/copies';
import type { WorkerStats } from './worker/protocol';

/** What the hooks read of a grid (structural, so this module imports nothing of the grid's). */
interface HookedGrid {
  readonly canvas: HTMLCanvasElement;
  cellOrigin(r: number, c: number): { x: number; y: number; w: number; h: number };
  getCamera(): { scale: number; cx: number; cy: number } | null;
  getContent(): { rows: number; cols: number; marked?: ReadonlySet<number> } | null;
  valueAt(r: number, c: number): number;
}

/** What the hooks ask of the panel's worker (webview/workerClient.ts). */
export interface HookedWorker {
  settled(): Promise<void>;
  busy(): boolean;
  stats(frameDelayMs?: number): Promise<WorkerStats>;
}

/** The panel's grids, the Compare view's columns by framework, and the Chain view's levels (chain0 the input, chainN layer N). */
export type HookedGridName = 'input' | 'output' | 'pytorch' | 'keras' | 'onnx' | `chain${number}`;

export interface PanelTestHooks {
  /** Page coordinates of a cell's centre. */
  cellCenter(grid: HookedGridName, r: number, c: number): { x: number; y: number };
  /** Recent draw durations of a grid in ms (the last 600). */
  drawTimes(grid: HookedGridName): number[];
  camera(grid: HookedGridName): { scale: number; cx: number; cy: number } | null;
  /** The values a grid shows, row by row, and which cells are marked (null: no content). */
  cells(grid: HookedGridName): { values: number[][]; marked: boolean[][] } | null;
  /** One cell's value as the UI thread has it (NaN: not sent by the worker, e.g. far outside the view of a large plane). */
  value(grid: HookedGridName, r: number, c: number): number;
  /** Resolves once the worker has answered every job sent (then two frames, so results are drawn). */
  settled(): Promise<void>;
  /** The worker's counts (calls into the pooling path, frames made) and the buffers it keeps; `frameDelayMs` slows every pooling down. */
  workerStats(frameDelayMs?: number): Promise<WorkerStats>;
  /** Raster frames each grid was given, in order (a stale one would show up here). */
  shownFrames(grid: HookedGridName): number[];
  /** Every `rendered` report (both grids drawn), `ready` posted and `load` that arrived, with `performance.now()` times: the workbench benchmark's signals. */
  timeline(): TimelineEntry[];
  /** Copies the webview made of loaded arrays (src/copies.ts; at most one per load). */
  copies(): number;
}

const frames = new WeakMap<HookedGrid, number[]>();

/** Notes that `grid` was given the raster of worker frame `frame`. */
export function recordFrame(grid: HookedGrid, frame: number): void {
  let list = frames.get(grid);
  if (!list) frames.set(grid, (list = []));
  list.push(frame);
}

/** `at`: performance.now() of this frame; add performance.timeOrigin for wall-clock time. */
export type TimelineEntry =
  /** 'load': a load (or a chunked load's header) arrived; 'arrived': a chunked load's last chunk is in. */
  | { kind: 'load' | 'ready' | 'arrived'; at: number }
  | { kind: 'rendered'; at: number; output: number[] | null; error: string | null }
  /** A frame of a chunked load still arriving was drawn (rows of each grid drawn so far). */
  | { kind: 'band'; at: number; inputRows: number; outRows: number };

const timeline: TimelineEntry[] = [];

/** Notes a webview event for `timeline()` (kept short: the last 1000). */
export function recordTimeline(entry: TimelineEntry): void {
  timeline.push(entry);
  if (timeline.length > 1000) timeline.splice(0, timeline.length - 1000);
}

const draws = new WeakMap<HookedGrid, number[]>();

/** Notes that drawing `grid` took `ms`. */
export function recordDraw(grid: HookedGrid, ms: number): void {
  let times = draws.get(grid);
  if (!times) draws.set(grid, (times = []));
  times.push(ms);
  if (times.length > 600) times.splice(0, times.length - 600);
}

/** Puts the hooks for a panel whose grids `gridOf` names on window.__poolingLens. */
export function installTestHooks(gridOf: (grid: HookedGridName) => HookedGrid, worker: () => HookedWorker | null): void {
  const frame = () => new Promise<void>((res) => requestAnimationFrame(() => requestAnimationFrame(() => res())));
  const hooks: PanelTestHooks = {
    cellCenter: (grid, r, c) => {
      const g = gridOf(grid);
      const o = g.cellOrigin(r, c);
      const rect = g.canvas.getBoundingClientRect();
      return { x: rect.left + o.x + o.w / 2, y: rect.top + o.y + o.h / 2 };
    },
    drawTimes: (grid) => (draws.get(gridOf(grid)) ?? []).slice(),
    camera: (grid) => gridOf(grid).getCamera(),
    cells: (grid) => {
      const c = gridOf(grid).getContent();
      if (!c) return null;
      const rows = Array.from({ length: c.rows }, (_, r) => r);
      const cols = Array.from({ length: c.cols }, (_, k) => k);
      return {
        values: rows.map((r) => cols.map((k) => gridOf(grid).valueAt(r, k))),
        marked: rows.map((r) => cols.map((k) => c.marked?.has(r * c.cols + k) === true)),
      };
    },
    value: (grid, r, c) => gridOf(grid).valueAt(r, c),
    settled: async () => {
      // Replies may start more work (links, patches): wait until a frame passes with none pending.
      for (let i = 0; i < 20; i++) {
        await worker()?.settled();
        await frame();
        if (!worker()?.busy()) return;
      }
    },
    workerStats: async (frameDelayMs) => (await worker()?.stats(frameDelayMs)) ?? { poolCalls: 0, frames: 0, held: [] },
    shownFrames: (grid) => (frames.get(gridOf(grid)) ?? []).slice(),
    timeline: () => timeline.slice(),
    copies: () => copyCounts().count.webview,
  };
  Object.defineProperty(window, '__poolingLens', { value: hooks, configurable: true });
}
