// Linking on screen for one session: the hovered or selected cell, the window it links to in
// the other grid, the explanation bar and the grids' accessible names.
import { linearIndex } from './cells';
import { fromSpatial, toSpatial } from './display';
import type { ExplainContent } from './explainbar';
import { formatIndex, formatNumber, formatShape } from './format';
import type { Overlay } from './gridTypes';
import { describeWindow, fedToHighlight, inputCellInfo, outputCellInfo, spansToHighlight, winnerOnGrid } from './overlays';
import { outputPlane } from './pipeline';
import type { Active, Session } from './session';
import type { Selection } from './state';
import { paneOf, type GridName, type PanelViews } from './views';

export interface LinkHooks {
  persist(): void;
  stopPlay(): void;
  /** Redraws overlays and texts (the pipeline's 'overlay' redraw). */
  redrawOverlay(): void;
}

interface Link {
  inHighlight: Overlay['highlight'];
  outHighlight: Overlay['highlight'];
  content: ExplainContent | null;
}

export class LinkView {
  constructor(
    private readonly s: Session,
    private readonly v: PanelViews,
    private readonly hooks: LinkHooks,
  ) {}

  /** What linking shows for one active cell: the highlight in the other grid and the explanation. */
  private linkFor(active: Active | null): Link {
    const none: Link = { inHighlight: null, outHighlight: null, content: null };
    const { s } = this;
    const ui = s.ui;
    const out = s.model.linkable();
    if (!active || !out) return none;
    const plane = s.valuePlane();
    const inShape = out.plan.geometry.inShape;
    const inPlaneSize = inShape.reduce((p, q) => p * q, 1);
    const inPlane = out.block.array.data.subarray(plane * inPlaneSize, (plane + 1) * inPlaneSize);
    const dec = ui.view.decimals;
    if (active.grid === 'output' && active.cell.length === out.plan.outSpatial.length) {
      const cell = active.cell;
      const value = out.array.data[outputPlane(s, out) * out.geom.planeSize + linearIndex(cell, out.plan.outSpatial)] ?? NaN;
      const info = outputCellInfo(out.plan.geometry, out.params, cell, inPlane, value, dec);
      const note = [info.explanation.note, describeWindow(info.spans)].filter((t) => t).join(' ');
      return {
        inHighlight: spansToHighlight(info.spans, ui.view.depth, winnerOnGrid(info.winner, ui.view.depth)),
        outHighlight: null,
        content: { head: `Output ${formatIndex(cell)}${s.channelLabel()} = ${formatNumber(value, dec)}`, math: info.explanation.text, note },
      };
    }
    if (active.grid === 'input' && active.cell.length === inShape.length) {
      const value = inPlane[linearIndex(active.cell, inShape)] ?? NaN;
      const info = inputCellInfo(out.plan.geometry, active.cell, value, dec, s.channelLabel());
      return { inHighlight: null, outHighlight: fedToHighlight(info.fed, ui.view.outDepth), content: { head: info.head, math: info.math, note: info.note } };
    }
    return none;
  }

  updateOverlays(): void {
    const { s, v } = this;
    const ui = s.ui;
    const onDepth = (grid: GridName, cell: number[]) => {
      const g = fromSpatial(cell);
      const depth = grid === 'input' ? ui.view.depth : ui.view.outDepth;
      return cell.length < 3 || g.depth === depth ? { r: g.r, c: g.c } : null;
    };
    const link = this.linkFor(s.hover ?? ui.selection);
    const inOverlay: Overlay = { highlight: link.inHighlight, selected: null, hover: null };
    const outOverlay: Overlay = { highlight: link.outHighlight, selected: null, hover: null };
    const sel = ui.selection;
    if (sel) (sel.grid === 'input' ? inOverlay : outOverlay).selected = onDepth(sel.grid, sel.cell);
    if (s.hover) (s.hover.grid === 'input' ? inOverlay : outOverlay).hover = onDepth(s.hover.grid, s.hover.cell);
    v.inputPane.grid.setOverlay(inOverlay);
    v.outputPane.grid.setOverlay(outOverlay);
    v.explainBar.show(link.content);
    this.canvasLabels();
  }

  /** Accessible names for the grids, including what is selected. */
  private canvasLabels(): void {
    const { model, ui } = this.s;
    if (!model.block) return;
    const sel = ui.selection;
    const inLabel = `Input grid, ${formatShape(model.block.spatialShape)}. Arrow keys, Home and End move the selected cell, plus and minus zoom, 0 fits.`;
    const outLabel = model.out
      ? `Output grid, ${formatShape(model.out.plan.outSpatial)}. Arrow keys, Home and End move the selected cell and show its window in the input.`
      : 'Output grid, empty';
    this.v.inputPane.grid.canvas.setAttribute('aria-label', sel && sel.grid === 'input' ? `${inLabel} Selected ${formatIndex(sel.cell)}.` : inLabel);
    this.v.outputPane.grid.canvas.setAttribute('aria-label', sel && sel.grid === 'output' ? `${outLabel} Selected ${formatIndex(sel.cell)}.` : outLabel);
  }

  private announceSelection(): void {
    const c = this.linkFor(this.s.ui.selection).content;
    if (c) this.v.explainBar.announce([c.head, c.math, c.note].filter((t) => t).join('. '));
  }

  private cellAt(grid: GridName, cell: { r: number; c: number }): number[] {
    const ui = this.s.ui;
    return toSpatial(ui.params.spatialAxes.length, grid === 'input' ? ui.view.depth : ui.view.outDepth, cell.r, cell.c);
  }

  onHover(grid: GridName, cell: { r: number; c: number } | null): void {
    const { s } = this;
    const next = cell ? { grid, cell: this.cellAt(grid, cell) } : null;
    const same = (a: Active | null, b: Active | null) => (a === null ? b === null : b !== null && a.grid === b.grid && a.cell.join() === b.cell.join());
    if (same(s.hover, next)) return;
    // Leaving one grid must not clear a hover that has moved to the other.
    if (next === null && s.hover && s.hover.grid !== grid) return;
    s.hover = next;
    this.hooks.redrawOverlay();
  }

  onSelect(grid: GridName, cell: { r: number; c: number }): void {
    this.hooks.stopPlay();
    this.setSelection({ grid, cell: this.cellAt(grid, cell) });
  }

  setSelection(sel: Selection): void {
    this.s.ui.selection = sel;
    const g = fromSpatial(sel.cell);
    paneOf(this.v, sel.grid).grid.ensureVisible(g.r, g.c);
    this.updateOverlays();
    this.announceSelection();
    this.hooks.persist();
  }

  onMove(grid: GridName, dr: number, dc: number): void {
    const { s } = this;
    const ui = s.ui;
    this.hooks.stopPlay();
    const bounds = grid === 'output' ? s.model.out?.plan.outSpatial : s.model.block?.spatialShape;
    if (!bounds) return;
    const d = bounds.length;
    const depth = grid === 'input' ? ui.view.depth : ui.view.outDepth;
    const cur = ui.selection && ui.selection.grid === grid ? fromSpatial(ui.selection.cell) : null;
    const rows = d === 1 ? 1 : (bounds[d - 2] ?? 1);
    const cols = bounds[d - 1] ?? 1;
    // Without a selection a key selects the first cell, or jumps where Home/End point.
    const to = (at: number | undefined, delta: number, n: number) =>
      Math.max(0, Math.min(n - 1, at !== undefined ? at + delta : Math.abs(delta) === Infinity ? delta : 0));
    const r = to(cur?.r, dr, rows);
    const c = to(cur?.c, dc, cols);
    s.hover = null;
    this.setSelection({ grid, cell: toSpatial(d, depth, r, c) });
  }
}
