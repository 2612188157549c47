// Hooks for the browser tests (test/browser): window.__poolingLens tells where cells are on
// screen, how long draws took and where each grid's camera is. Test-only: every use sits in an
// `if (POOLING_LENS_TEST_HOOKS)` block, and `build.mjs --production` defines that false, so
// esbuild drops the blocks and this module from the bundle that ships.
/** What the hooks read of a grid (structural, so this module imports nothing of the grid's). */
interface HookedGrid {
  readonly canvas: HTMLCanvasElement;
  cellOrigin(r: number, c: number): { x: number; y: number; w: number; h: number };
  getCamera(): { scale: number; cx: number; cy: number } | null;
  getContent(): { rows: number; cols: number; value(r: number, c: number): number; marked?: Uint8Array } | null;
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
export function installTestHooks(gridOf: (grid: HookedGridName) => HookedGrid): void {
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
        values: rows.map((r) => cols.map((k) => c.value(r, k))),
        marked: rows.map((r) => cols.map((k) => c.marked?.[r * c.cols + k] === 1)),
      };
    },
  };
  Object.defineProperty(window, '__poolingLens', { value: hooks, configurable: true });
}
