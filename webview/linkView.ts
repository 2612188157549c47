// Linking on screen for one session: the hovered or selected cell, the window it links to in
// the other grid, the explanation bar and the grids' accessible names. The window's values
// are in the worker, so the highlight and explanation come from its link job: the outlines of
// the hovered and selected cells are drawn at once, the linked window when the reply comes
// (only the newest request's reply is drawn).
import { fromSpatial, toSpatial } from './display';
import { formatIndex, formatShape } from './format';
import type { Overlay } from './gridTypes';
import type { Active, Session } from './session';
import type { Selection } from './state';
import { paneOf, type GridName, type PanelViews } from './views';
import { Latest } from './latest';
import type { WorkerClient } from './workerClient';
import type { LinkRequest, LinkResult } from './worker/protocol';

export interface LinkHooks {
  persist(): void;
  stopPlay(): void;
  /** Redraws overlays and texts (the pipeline's 'overlay' redraw). */
  redrawOverlay(): void;
}

const NONE: LinkResult = { inHighlight: null, outHighlight: null, content: null };

export class LinkView {
  /** The link drawn, and which active cell (in which frame) it belongs to. */
  private link: LinkResult = NONE;
  private linkKey = '';
  private announceKey = '';
  private readonly links: Latest<{ key: string; req: LinkRequest }, { key: string; result: LinkResult }>;

  constructor(
    private readonly s: Session,
    private readonly v: PanelViews,
    worker: WorkerClient,
    private readonly hooks: LinkHooks,
  ) {
    this.links = new Latest(
      ({ key, req }) => worker.run('link', req).then((result) => ({ key, result })),
      ({ key, result }) => {
        this.link = result;
        this.linkKey = key;
        this.draw();
        if (key === this.announceKey) this.announce();
      },
      () => {
        this.link = NONE;
        this.draw();
      },
    );
  }

  dispose(): void {
    this.links.cancel();
  }

  /** Which link the current state asks for ('' for none), and the request for it. */
  private wanted(active: Active | null = this.s.hover ?? this.s.ui.selection): { key: string; req: LinkRequest | null } {
    const { s } = this;
    const ui = s.ui;
    if (!active || !s.model.linkable()) return { key: '', req: null };
    const req: LinkRequest = {
      active: { grid: active.grid, cell: active.cell.slice() },
      valuePlane: s.valuePlane(),
      decimals: ui.view.decimals,
      depth: ui.view.depth,
      outDepth: ui.view.outDepth,
      channelLabel: s.channelLabel(),
    };
    return { key: `${s.model.version}|${JSON.stringify(req)}`, req };
  }

  updateOverlays(): void {
    const { key, req } = this.wanted();
    if (key !== this.linkKey) {
      if (req) this.links.run({ key, req });
      else {
        this.links.cancel();
        this.link = NONE;
        this.linkKey = '';
      }
    }
    this.draw();
  }

  private draw(): void {
    const { s, v } = this;
    const ui = s.ui;
    const onDepth = (grid: GridName, cell: number[]) => {
      const g = fromSpatial(cell);
      const depth = grid === 'input' ? ui.view.depth : ui.view.outDepth;
      return cell.length < 3 || g.depth === depth ? { r: g.r, c: g.c } : null;
    };
    const link = this.link;
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

  /** Says the selected cell's explanation to screen readers once its link has come. */
  private announceSelection(): void {
    const { key } = this.wanted(this.s.ui.selection);
    // Only when the link drawn is the selection's (a hover elsewhere takes precedence on screen).
    if (!key || key !== this.wanted().key) return;
    this.announceKey = key;
    if (key === this.linkKey) this.announce();
  }

  private announce(): void {
    this.announceKey = '';
    const c = this.link.content;
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
