// Hooks for the browser tests (test/browser): window.__poolingLens tells where cells are on
// screen, how long draws took and where each grid's camera is. Test-only: every use sits in an
// `if (POOLING_LENS_TEST_HOOKS)` block, and `build.mjs --production` defines that false, so
// esbuild drops the blocks and this module from the bundle that ships.
/** What the hooks read of a grid (structural, so this module imports nothing of the grid's). */
interface HookedGrid {
  readonly canvas: HTMLCanvasElement;
  cellOrigin(r: number, c: number): { x: number; y: number; w: number; h: number };
  getCamera(): { scale: number; cx: number; cy: number } | null;
}

export interface PanelTestHooks {
  /** Page coordinates of a cell's centre. */
  cellCenter(grid: 'input' | 'output', r: number, c: number): { x: number; y: number };
  /** Recent draw durations of a grid in ms (the last 600). */
  drawTimes(grid: 'input' | 'output'): number[];
  camera(grid: 'input' | 'output'): { scale: number; cx: number; cy: number } | null;
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
export function installTestHooks(gridOf: (grid: 'input' | 'output') => HookedGrid): void {
  const hooks: PanelTestHooks = {
    cellCenter: (grid, r, c) => {
      const g = gridOf(grid);
      const o = g.cellOrigin(r, c);
      const rect = g.canvas.getBoundingClientRect();
      return { x: rect.left + o.x + o.w / 2, y: rect.top + o.y + o.h / 2 };
    },
    drawTimes: (grid) => (draws.get(gridOf(grid)) ?? []).slice(),
    camera: (grid) => gridOf(grid).getCamera(),
  };
  Object.defineProperty(window, '__poolingLens', { value: hooks, configurable: true });
}
