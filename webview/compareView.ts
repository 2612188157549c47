// The Compare view: the current parameters read as PyTorch, Keras and ONNX would read them
// (src/compare), their outputs side by side on one colour scale, the cells that differ
// outlined, each difference explained, and each column's code to copy. Computed only while
// the view is open (it pools three times).
import type { NDArray } from '../src/core/types';
import { compareFrameworks, FRAMEWORK_LABEL, FRAMEWORKS, type Column, type Comparison, type Framework } from '../src/compare';
import { autoColormap, displayRange, type Range } from './colormap';
import { planeGeom, renderPixels, sliceOffset, type PlaneGeom } from './display';
import { button, h, setHidden, setText } from './dom';
import { formatIndex, formatNumber } from './format';
import { Grid } from './grid';
import type { GridContent } from './gridTypes';
import { toPoolOptions as optionsOf, type Params, type ViewState } from './state';

export interface CompareCallbacks {
  onCopy(framework: Framework, code: string): void;
}

/** What one computation needs from the session. */
export interface CompareInput {
  block: NDArray;
  params: Params;
  /** The plane and depth slice shown (as in the output grid). */
  plane: number;
  depth: number;
  view: Pick<ViewState, 'colormap' | 'decimals'>;
  /** Snippets of big inputs load this .npy. */
  npyPath: string;
  /** The parameters are invalid now: the last valid ones are compared. */
  stale: boolean;
}

interface ColumnView {
  element: HTMLElement;
  call: HTMLElement;
  notes: HTMLElement;
  reason: HTMLElement;
  gridWrap: HTMLElement;
  grid: Grid;
  copy: HTMLButtonElement;
  content: GridContent | null;
}

type Cell = { r: number; c: number };

export class CompareView {
  readonly element: HTMLElement;
  private readonly columns = new Map<Framework, ColumnView>();
  private readonly status: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly reasons: HTMLElement;
  private readonly detail: HTMLElement;
  private comparison: Comparison | null = null;
  /** Output geometry of each expressible column, and the differing cells of the plane shown (key "r,c"). */
  private geoms = new Map<Framework, PlaneGeom>();
  private diffAt = new Map<string, string[]>();
  /** Per column, the shown plane's cells where it differs from the baseline (the baseline: every differing cell). */
  private markedAt = new Map<Framework, Set<string>>();
  private shown: { plane: number; depth: number; decimals: number; d: number } = { plane: 0, depth: 0, decimals: 3, d: 2 };
  private hover: Cell | null = null;
  private selected: Cell | null = null;

  constructor(private readonly cb: CompareCallbacks) {
    this.status = h('p', { class: 'pl-compare-status' });
    this.legend = h('span', { class: 'pl-compare-legend', attrs: { 'aria-label': 'Shared colour scale' } });
    const cols = FRAMEWORKS.map((f) => {
      const view = this.buildColumn(f);
      this.columns.set(f, view);
      return view.element;
    });
    this.reasons = h('ul', { class: 'pl-compare-reasons', attrs: { 'aria-label': 'Why the outputs differ' } });
    this.detail = h('div', { class: 'pl-compare-detail', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { class: 'pl-compare', attrs: { role: 'tabpanel', 'aria-label': 'Compare frameworks' } },
      h('div', { class: 'pl-compare-head' }, this.status, this.legend),
      h('div', { class: 'pl-compare-columns' }, ...cols),
      this.detail,
      this.reasons,
    );
    this.setOpen(false);
  }

  private buildColumn(f: Framework): ColumnView {
    const label = FRAMEWORK_LABEL[f];
    const grid = new Grid(`${label} output grid`, {
      onHover: (cell) => this.setHover(cell),
      onSelect: (cell) => this.setSelected(cell),
      onMove: (dr, dc) => this.move(f, dr, dc),
      onCamera: () => {},
    });
    const call = h('code', { class: 'pl-compare-call' });
    const notes = h('ul', { class: 'pl-compare-notes' });
    const reason = h('p', { class: 'pl-compare-reason', attrs: { role: 'note' } });
    const copy = button({
      icon: 'copy',
      text: 'Copy as code',
      label: `Copy the ${label} code`,
      onClick: () => {
        const col = this.comparison?.columns.find((c) => c.framework === f);
        if (col?.ok) this.cb.onCopy(f, col.code);
      },
    });
    copy.setAttribute('aria-label', `Copy as ${label} code`);
    const element = h(
      'section',
      { class: 'pl-compare-col', attrs: { 'data-framework': f, 'aria-label': label } },
      h('div', { class: 'pl-pane-head' }, h('h2', { class: 'pl-pane-title', text: label }), copy),
      // Grids first, at one height, so the three line up cell for cell.
      grid.element,
      reason,
      call,
      notes,
    );
    return { element, call, notes, reason, gridWrap: grid.element, grid, copy, content: null };
  }

  /** The grid of a column (tests find cells through it). */
  gridOf(f: Framework): Grid {
    return this.columns.get(f)!.grid;
  }

  setOpen(open: boolean): void {
    setHidden(this.element, !open);
  }

  refreshTheme(): void {
    for (const col of this.columns.values()) col.grid.refreshTheme();
  }

  /** Shown instead of the columns (nothing loaded yet, or a pooling kind Compare does not cover). */
  showMessage(text: string): void {
    this.comparison = null;
    setText(this.status, text);
    setText(this.legend, '');
    for (const col of this.columns.values()) setHidden(col.element, true);
    this.reasons.replaceChildren();
    setText(this.detail, '');
  }

  update(x: CompareInput): void {
    if (x.params.kind !== 'window') {
      this.showMessage('Compare reads window pooling (kernel, stride, padding) as each framework would; adaptive and global pooling mean the same everywhere.');
      return;
    }
    let cmp: Comparison;
    try {
      cmp = compareFrameworks(x.block, optionsOf(x.params), {
        from: x.params.convention,
        npyPath: x.npyPath,
        maxCells: 2000,
      });
    } catch (e) {
      this.showMessage(e instanceof Error ? e.message : String(e));
      return;
    }
    this.comparison = cmp;
    const d = x.params.spatialAxes.length;
    this.shown = { plane: x.plane, depth: x.depth, decimals: x.view.decimals, d };
    const ok = cmp.columns.filter((c): c is Extract<Column, { ok: true }> => c.ok);
    this.geoms = new Map(ok.map((c) => [c.framework, planeGeom(c.output.shape.slice(1))]));
    const range = sharedRange(ok, this.geoms, x.plane, x.depth);
    const name = x.view.colormap === 'auto' ? autoColormap(range.lo, range.hi) : x.view.colormap;
    const shownRange = displayRange(name, range.lo, range.hi);

    // The differing cells of the plane shown, keyed by their grid row and column.
    this.diffAt = new Map();
    this.markedAt = new Map(FRAMEWORKS.map((f) => [f, new Set<string>()]));
    const baseline = cmp.baseline;
    for (const diff of cmp.differences) {
      const at = diff.index;
      if (at[0] !== x.plane) continue;
      const spatial = at.slice(1);
      if (d === 3 && spatial[0] !== x.depth) continue;
      const r = d >= 2 ? spatial[d - 2]! : 0;
      const c = spatial[d - 1]!;
      this.diffAt.set(`${r},${c}`, diff.reasons);
      // A column is outlined where it differs from the baseline, so equal columns stay plain.
      for (const f of FRAMEWORKS) {
        const v = diff.values[f];
        const b = baseline === null ? undefined : diff.values[baseline];
        if (f === baseline || !sameValue(v, b)) this.markedAt.get(f)!.add(`${r},${c}`);
      }
    }

    for (const f of FRAMEWORKS) {
      const view = this.columns.get(f)!;
      const col = cmp.columns.find((c) => c.framework === f)!;
      setHidden(view.element, false);
      view.element.classList.toggle('pl-compare-cannot', !col.ok);
      setHidden(view.gridWrap, !col.ok);
      setHidden(view.reason, col.ok);
      view.copy.disabled = !col.ok;
      if (!col.ok) {
        setText(view.call, '');
        setText(view.reason, col.reason);
        view.notes.replaceChildren();
        view.content = null;
        view.grid.setContent(null);
        continue;
      }
      setText(view.call, col.reading.call);
      view.notes.replaceChildren(...col.reading.notes.map((n) => h('li', { text: n })));
      const g = this.geoms.get(f)!;
      const pixels = renderPixels(col.output.data, g, x.plane, x.depth, { kind: 'colormap', name, range: shownRange });
      const marked = new Uint8Array(g.rows * g.cols);
      for (const key of this.markedAt.get(f) ?? []) {
        const [r, c] = key.split(',').map(Number) as [number, number];
        if (r < g.rows && c < g.cols) marked[r * g.cols + c] = 1;
      }
      const data = col.output.data;
      const off = sliceOffset(g, Math.min(x.plane, Math.max(0, (col.output.shape[0] ?? 1) - 1)), x.depth);
      view.content = {
        rows: g.rows,
        cols: g.cols,
        pixels,
        decimals: x.view.decimals,
        marked,
        value: (r, c) => data[off + r * g.cols + c] ?? NaN,
      };
      view.grid.setContent(view.content);
    }

    const base = cmp.baseline ? FRAMEWORK_LABEL[cmp.baseline] : null;
    const n = cmp.differenceCount;
    const stale = x.stale ? ' (the last valid parameters: fix the ones flagged to update)' : '';
    setText(
      this.status,
      base === null
        ? `No framework can express these parameters${stale}.`
        : n === 0
          ? `All frameworks that can express these parameters give the same output${stale}.`
          : `${n} output cell${n === 1 ? '' : 's'} differ from ${base} (outlined)${stale}.`,
    );
    setText(
      this.legend,
      ok.length ? `Shared colour scale (${name}): ${formatNumber(shownRange.lo, x.view.decimals)} \u2013 ${formatNumber(shownRange.hi, x.view.decimals)}` : '',
    );
    this.reasons.replaceChildren(
      ...cmp.reasons.map((r) =>
        h(
          'li',
          {},
          h('span', { class: 'pl-compare-reason-text', text: r.text }),
          h('span', { class: 'pl-compare-count', text: ` \u00b7 ${r.cells} cell${r.cells === 1 ? '' : 's'}` }),
        ),
      ),
    );
    this.clampCells();
    this.updateDetail();
  }

  // ---------- hover and selection, shared by the three grids ----------

  private setHover(cell: Cell | null): void {
    this.hover = cell;
    this.updateDetail();
  }

  private setSelected(cell: Cell): void {
    this.selected = cell;
    this.updateDetail();
  }

  private move(f: Framework, dr: number, dc: number): void {
    const g = this.geoms.get(f);
    if (!g) return;
    const cur = this.selected ?? { r: 0, c: 0 };
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
    const step = (v: number, dv: number, n: number) => (dv === Infinity ? n - 1 : dv === -Infinity ? 0 : clamp(v + dv, n));
    this.selected = this.selected ? { r: step(cur.r, dr, g.rows), c: step(cur.c, dc, g.cols) } : cur;
    this.updateDetail();
  }

  private clampCells(): void {
    const rows = Math.max(0, ...[...this.geoms.values()].map((g) => g.rows));
    const cols = Math.max(0, ...[...this.geoms.values()].map((g) => g.cols));
    const inside = (c: Cell | null) => (c && c.r < rows && c.c < cols ? c : null);
    this.selected = inside(this.selected);
    this.hover = inside(this.hover);
  }

  /** The hovered (else selected) cell in every column, and what the frameworks give there and why. */
  private updateDetail(): void {
    const cell = this.hover ?? this.selected;
    for (const [f, view] of this.columns) {
      const g = this.geoms.get(f);
      const on = (c: Cell | null) => (c && g && c.r < g.rows && c.c < g.cols ? c : null);
      view.grid.setOverlay({ highlight: null, selected: on(this.selected), hover: on(this.hover) });
    }
    const cmp = this.comparison;
    if (!cmp || !cell) {
      setText(this.detail, cmp && cmp.differenceCount > 0 ? 'Hover or select a cell to compare it across the frameworks.' : '');
      return;
    }
    const { d, decimals } = this.shown;
    const index = d === 1 ? [cell.c] : d === 2 ? [cell.r, cell.c] : [this.shown.depth, cell.r, cell.c];
    const values = cmp.columns
      .filter((c) => c.ok)
      .map((c) => {
        const v = this.columns.get(c.framework)!;
        const g = this.geoms.get(c.framework)!;
        const has = v.content && cell.r < g.rows && cell.c < g.cols;
        return `${c.label} ${has ? formatNumber(v.content!.value(cell.r, cell.c), decimals) : 'no such cell'}`;
      });
    const why = this.diffAt.get(`${cell.r},${cell.c}`);
    this.detail.replaceChildren(
      h('span', { class: 'pl-compare-detail-head', text: `Output ${formatIndex(index)}: ${values.join(' \u00b7 ')}` }),
      ...(why
        ? why.map((w) => h('span', { class: 'pl-compare-detail-why', text: w }))
        : [h('span', { class: 'pl-compare-detail-why', text: 'The frameworks agree here.' })]),
    );
  }
}

/** One range over every column's plane shown, so equal colours mean equal values. */
function sharedRange(cols: readonly Extract<Column, { ok: true }>[], geoms: Map<Framework, PlaneGeom>, plane: number, depth: number): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cols) {
    const g = geoms.get(c.framework)!;
    const off = sliceOffset(g, Math.min(plane, Math.max(0, (c.output.shape[0] ?? 1) - 1)), depth);
    for (let i = off; i < off + g.rows * g.cols; i++) {
      const v = c.output.data[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo > hi) return { lo: 0, hi: 1 };
  return { lo, hi };
}

/** Equal as shown values: NaN equals NaN; a missing cell equals nothing. */
function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
