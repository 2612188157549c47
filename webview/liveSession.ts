// State changes of a loaded panel: each control's change updates the session's UI state,
// marks what must be recomputed and schedules a frame. Owns the session's pipeline and
// linking view.
import type { Problem } from './compute';
import { LinkView } from './linkView';
import { outputPlane, Pipeline } from './pipeline';
import { Latest } from './latest';
import type { WorkerClient } from './workerClient';
import type { CompareRequest, CompareResult } from './worker/protocol';
import { stepCell } from './cells';
import type { Session } from './session';
import { applyHostParams, resizeParams, type Params, type UiState } from './state';
import type { GridName, PanelViews } from './views';

export interface LiveHooks {
  persist(): void;
  stopPlay(): void;
  /** Tells the host what is on screen now. */
  rendered(s: Session): void;
}

export class LiveSession {
  readonly pipeline: Pipeline;
  readonly link: LinkView;
  private readonly comparisons: Latest<CompareRequest, CompareResult>;

  constructor(
    readonly s: Session,
    private readonly v: PanelViews,
    private readonly hooks: LiveHooks,
    readonly worker: WorkerClient,
  ) {
    this.link = new LinkView(s, v, worker, { persist: hooks.persist, stopPlay: hooks.stopPlay, redrawOverlay: () => this.pipeline.schedule('overlay') });
    this.pipeline = new Pipeline(
      s,
      v,
      {
        overlays: () => this.link.updateOverlays(),
        rendered: () => hooks.rendered(s),
        compare: () => this.updateCompare(),
      },
      worker,
    );
    // The Compare view pools three times in the worker; only the newest comparison is shown.
    this.comparisons = new Latest(
      (req) => worker.run('compare', req),
      (r) =>
        this.v.compare.update(r, this.s.model.problems.length > 0, {
          patch: (req) => worker.run('patch', req),
          cellValues: (cells) => worker.run('cellValues', cells),
        }),
      (e) => this.v.compare.showMessage(e instanceof Error ? e.message : String(e)),
    );
  }

  /** First paint of a new session: the saved cameras, the controls, one computation. */
  start(): void {
    this.v.inputPane.grid.setCamera(this.s.ui.view.input);
    this.v.outputPane.grid.setCamera(this.s.ui.view.output);
    this.showCompare();
    this.pipeline.renderControls();
    this.pipeline.firstPaint();
  }

  dispose(): void {
    this.pipeline.dispose();
    this.link.dispose();
    this.comparisons.cancel();
  }

  /** Opens or closes the Compare view (kept in the UI state, so a reload reopens it). */
  setCompare(open: boolean): void {
    const { s } = this;
    if (s.ui.view.compare === open) return;
    s.ui.view.compare = open;
    this.showCompare();
    if (open) s.dirty.compare = true;
    this.changed('text');
  }

  /** Shows the view the UI state says is open. */
  showCompare(): void {
    const open = this.s.ui.view.compare;
    this.v.shell.showCompare(open);
    this.v.compare.setOpen(open);
  }

  private updateCompare(): void {
    const { s } = this;
    const out = s.model.out;
    if (!out) {
      this.v.compare.showMessage(s.model.problems.length ? 'No output yet: fix the parameters.' : '');
      return;
    }
    const file = s.fileName;
    this.comparisons.run({
      plane: outputPlane(s, out),
      depth: s.ui.view.outDepth,
      view: { colormap: s.ui.view.colormap, decimals: s.ui.view.decimals },
      npyPath: /\.npy$/i.test(file) ? file : 'input.npy',
    });
  }

  /** After a change: redraw controls, schedule the frame, save the state. */
  private changed(redraw: 'data' | 'text' = 'data'): void {
    this.pipeline.renderControls();
    this.pipeline.schedule(redraw);
    this.hooks.persist();
  }

  onParams(params: Params, localProblems: Problem[]): void {
    const { s } = this;
    const axesChanged = params.spatialAxes.join() !== s.ui.params.spatialAxes.join();
    s.ui.params = params;
    s.localProblems = localProblems;
    if (axesChanged) s.dirty.block = true;
    s.dirty.pool = true;
    this.changed();
  }

  /** Parameters sent by the host (`setParams`). */
  onHostParams(raw: unknown): void {
    this.onParams(applyHostParams(this.s.ui.params, raw, this.s.shape.length), []);
  }

  onSpatialAxes(axes: number[]): void {
    const { s } = this;
    const ui = s.ui;
    ui.params = resizeParams(ui.params, axes);
    ui.selection = null;
    ui.view.input = ui.view.output = null;
    ui.view.depth = ui.view.outDepth = 0;
    if (ui.view.picture && !s.pictureAvailable()) ui.view.picture = false;
    s.hover = null;
    this.v.inputPane.grid.setCamera(null);
    this.v.outputPane.grid.setCamera(null);
    s.dirty.block = s.dirty.pool = true;
    this.changed();
  }

  onIndex(axis: number, index: number): void {
    const { s } = this;
    s.ui.view.indices[axis] = index;
    // In an RGB picture the channel slider only picks which channel's numbers are shown (the
    // worker sends that channel's values and sample; the block stays).
    const valuesOnly = axis === s.planeAxis();
    s.dirty.compare = true;
    if (!valuesOnly) s.dirty.block = true;
    this.pipeline.renderControls();
    this.pipeline.schedule('data');
    this.hooks.persist();
  }

  onDepth(grid: GridName, depth: number): void {
    const { s } = this;
    if (grid === 'input') {
      s.ui.view.depth = depth;
      s.dirty.block = true;
    } else {
      s.ui.view.outDepth = depth;
      s.dirty.pool = true;
      const sel = s.ui.selection;
      if (sel && sel.grid === 'output' && sel.cell.length === 3) sel.cell[0] = depth;
    }
    this.changed();
  }

  onPicture(on: boolean): void {
    this.s.ui.view.picture = on;
    this.s.dirty.block = this.s.dirty.pool = true;
    this.changed();
  }

  updateView(patch: Partial<UiState['view']>, what: 'pixels' | 'text'): void {
    const { s } = this;
    Object.assign(s.ui.view, patch);
    s.dirty.compare = true;
    if (what === 'pixels') s.dirty.block = s.dirty.pool = true;
    else {
      if (s.inContent) s.inContent.decimals = s.ui.view.decimals;
      if (s.outContent) s.outContent.decimals = s.ui.view.decimals;
    }
    this.changed(what === 'pixels' ? 'data' : 'text');
  }

  /** Moves the selection to the next (or previous, or first) output cell; play calls this. */
  step(delta: 1 | -1 | 'first'): void {
    const { s } = this;
    const out = s.model.out;
    if (!out) return;
    const sel = s.ui.selection;
    const cell = stepCell(out.plan.outSpatial, sel && sel.grid === 'output' ? sel.cell : null, delta);
    if (cell.length === 3 && cell[0] !== s.ui.view.outDepth) {
      s.ui.view.outDepth = cell[0] ?? 0;
      s.dirty.pool = true;
      this.pipeline.schedule();
    }
    s.hover = null;
    this.link.setSelection({ grid: 'output', cell });
  }
}
