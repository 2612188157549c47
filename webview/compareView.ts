// The Compare view: the current parameters read as PyTorch, Keras and ONNX would read them
// (src/compare), their outputs side by side on one colour scale, the cells that differ
// outlined, each difference explained, and each column's code to copy. Computed only while
// the view is open (it pools three times), in the panel's worker (worker/compareJob.ts):
// this view only draws the result.
import { FRAMEWORK_LABEL, FRAMEWORKS, type Framework } from '../src/compare';
import { button, h, setHidden, setText } from './dom';
import { formatIndex, formatNumber } from './format';
import { Grid } from './grid';
import type { GridContent } from './gridTypes';
import type { CompareColumn, CompareResult, Jobs, Patch, PatchRequest } from './worker/protocol';

/** What the view asks of the panel's worker: zoomed-in patches, and single values of large columns. */
export interface CompareWorker {
  patch(req: PatchRequest): Promise<Patch | null>;
  cellValues(cells: Jobs['cellValues']['args']): Promise<(number | null)[]>;
}

export interface CompareCallbacks {
  onCopy(framework: Framework, code: string): void;
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
  private comparison: Extract<CompareResult, { kind: 'columns' }> | null = null;
  /** Output size (rows, cols) of each expressible column, and the differing cells of the plane shown (key "r,c"). */
  private geoms = new Map<string, { rows: number; cols: number }>();
  private diffAt = new Map<string, string[]>();
  private shown: { depth: number; decimals: number; d: number } = { depth: 0, decimals: 3, d: 2 };
  private hover: Cell | null = null;
  private worker: CompareWorker | null = null;
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

  /** Draws a comparison the worker made; `stale`: the parameters are invalid now, the last valid ones were compared. */
  update(cmp: CompareResult, stale: boolean, worker: CompareWorker): void {
    this.worker = worker;
    if (cmp.kind === 'message') {
      this.showMessage(cmp.text);
      return;
    }
    this.comparison = cmp;
    const d = cmp.d;
    this.shown = { depth: cmp.depth, decimals: cmp.decimals, d };
    const ok = cmp.columns.filter((c): c is Extract<CompareColumn, { ok: true }> => c.ok);
    this.geoms = new Map(ok.map((c) => [c.framework, { rows: c.raster.rows, cols: c.raster.cols }]));
    this.diffAt = new Map(cmp.diffAt);

    for (const f of FRAMEWORKS) {
      const view = this.columns.get(f)!;
      const col = cmp.columns.find((c) => c.framework === f);
      if (!col) continue;
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
      setText(view.call, col.call);
      view.notes.replaceChildren(...col.notes.map((n) => h('li', { text: n })));
      view.content = {
        rows: col.raster.rows,
        cols: col.raster.cols,
        raster: col.raster,
        decimals: this.shown.decimals,
        marked: new Set(col.marked),
        patch: (req) => worker.patch(req),
      };
      view.grid.setContent(view.content);
    }

    const base = cmp.baselineLabel;
    const n = cmp.differenceCount;
    const staleNote = stale ? ' (the last valid parameters: fix the ones flagged to update)' : '';
    setText(
      this.status,
      base === null
        ? `No framework can express these parameters${staleNote}.`
        : n === 0
          ? `All frameworks that can express these parameters give the same output${staleNote}.`
          : `${n} output cell${n === 1 ? '' : 's'} differ from ${base} (outlined)${staleNote}.`,
    );
    setText(this.legend, cmp.legend);
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
    const ok = cmp.columns.filter((c): c is Extract<CompareColumn, { ok: true }> => c.ok);
    const inside = ok.map((c) => cell.r < c.raster.rows && cell.c < c.raster.cols);
    // A column too big to send whole has only the zoomed-in cells here: the worker reads the others.
    const shown = ok.map((c, i) => (inside[i] ? this.columns.get(c.framework as Framework)!.grid.valueAt(cell.r, cell.c) : NaN));
    const missing = ok.filter((c, i) => inside[i] && !c.raster.values && Number.isNaN(shown[i]!));
    const write = (values: readonly number[], reading: boolean) => {
      const texts = ok.map(
        (c, i) =>
          `${c.label} ${!inside[i] ? 'no such cell' : reading && !c.raster.values && Number.isNaN(values[i]!) ? '\u2026' : formatNumber(values[i]!, decimals)}`,
      );
      this.writeDetail(index, cell, texts);
    };
    write(shown, missing.length > 0);
    if (missing.length > 0 && this.worker) {
      void this.worker.cellValues(ok.map((c) => ({ source: c.raster.source, frame: c.raster.frame, r: cell.r, c: cell.c }))).then(
        (got) => {
          const now = this.hover ?? this.selected;
          if (this.comparison !== cmp || !now || now.r !== cell.r || now.c !== cell.c) return;
          write(
            got.map((v) => v ?? NaN),
            false,
          );
        },
        () => {},
      );
    }
  }

  private writeDetail(index: number[], cell: Cell, values: string[]): void {
    const why = this.diffAt.get(`${cell.r},${cell.c}`);
    this.detail.replaceChildren(
      h('span', { class: 'pl-compare-detail-head', text: `Output ${formatIndex(index)}: ${values.join(' \u00b7 ')}` }),
      ...(why
        ? why.map((w) => h('span', { class: 'pl-compare-detail-why', text: w }))
        : [h('span', { class: 'pl-compare-detail-why', text: 'The frameworks agree here.' })]),
    );
  }
}
