// The compute/draw pipeline of one session: a burst of changes becomes one frame request to
// the panel's worker (block cut, statistics, pooling and pixels happen there, off the UI
// thread); while it is pending the grids it will change are dimmed and keep their last good
// picture; its reply is drawn unless a newer request was made since (Latest), so a stale
// result is never shown.
import { axisNames, conventionGap, problemOf } from './compute';
import type { PixelModes, PlaneGeom } from './display';
import { setHidden } from './dom';
import { formatShape } from './format';
import type { GridContent } from './gridTypes';
import { windowSummary } from './overlays';
import type { Session } from './session';
import type { PanelViews } from './views';
import { Latest } from './latest';
import { WorkerJobError, type WorkerClient } from './workerClient';
import type { BandResult, FrameRequest, FrameResult, Raster } from './worker/protocol';
import { recordTimeline } from './testHooks';
import { COMPUTE_DTYPE_RULE } from '../src/io/computeDtype';

export interface PipelineHooks {
  /** Redraws the linking overlays and the explanation (linkView.ts). */
  overlays(): void;
  /** Tells the host what is on screen now. */
  rendered(): void;
  /** Recomputes the Compare view (only called while it is open). */
  compare(): void;
  /** Redraws the Chain view (only called while it is open; the worker recomputes only what changed). */
  chain(): void;
}

/** 'data' recomputes what is dirty and reports it; 'overlay' and 'text' only redraw. */
export type Redraw = 'data' | 'overlay' | 'text';

export class Pipeline {
  private frame = 0;
  private fallbackTimer = 0;
  private disposed = false;
  private readonly frames: Latest<FrameRequest, FrameResult>;
  /** While a chunked load arrives: frames wait for its last row; a change asks for a band frame instead (arrival.ts). */
  private holding: (() => void) | null = null;

  constructor(
    private readonly s: Session,
    private readonly v: PanelViews,
    private readonly hooks: PipelineHooks,
    private readonly worker: WorkerClient,
  ) {
    this.frames = new Latest(
      (req) => worker.run('frame', req),
      (r) => this.apply(r),
      (e) => this.failed(e),
    );
  }

  schedule(kind: Redraw = 'data'): void {
    if (kind !== 'data') {
      this.compareIfOpen();
      if (this.s.ui.view.chain) this.hooks.chain();
      this.hooks.overlays();
      this.updateTexts();
      this.v.inputPane.grid.requestDraw();
      this.v.outputPane.grid.requestDraw();
      return;
    }
    if (this.frame) return;
    // rAF coalesces a burst of changes into one request; the timer covers hidden panels.
    this.frame = requestAnimationFrame(() => this.flush());
    this.fallbackTimer = window.setTimeout(() => this.flush(), 250);
  }

  /** Drops a pending frame and any reply still to come (the session is being replaced). */
  dispose(): void {
    this.disposed = true;
    this.cancelTimers();
    this.frames.cancel();
  }

  /** Until release(), no frame is pooled (the array is still arriving); a change calls `changed` instead. */
  hold(changed: () => void): void {
    this.holding = changed;
  }

  /** The whole array is in: the full frame (the bands already show the input, so no input-only frame first). */
  release(): void {
    this.holding = null;
    if (!this.disposed) this.flush();
  }

  /** Sends the current state to the worker; its reply is drawn by apply(). */
  flush(): void {
    this.cancelTimers();
    if (this.holding) {
      this.holding();
      return;
    }
    const { s } = this;
    const d = s.dirty;
    // The last good pictures stay, dimmed, until the new ones arrive.
    this.setPending(d.block || s.model.block === null, true);
    d.block = d.pool = false;
    this.frames.run(this.request());
  }

  /**
   * First paint of a session: the input as soon as the worker has cut and coloured it, then
   * the output when it is pooled (a full frame replaces this unless it came first).
   */
  firstPaint(): void {
    if (this.holding) {
      this.holding();
      return;
    }
    const req = { ...this.request(), inputOnly: true };
    const full = this.s.model.version;
    void this.worker.run('frame', req).then(
      (r) => {
        if (this.disposed || this.s.model.version !== full || this.s.model.block !== null) return;
        this.s.model.block = r.block;
        this.s.model.inputGeom = r.inputGeom;
        this.s.model.inputStats = r.inputStats;
        this.showInput(r);
        markPending(this.v.inputPane.element, false);
        this.updateTexts();
        this.v.inputPane.grid.drawNow();
      },
      () => {},
    );
    this.flush();
  }

  /**
   * A frame of an array still arriving: the rows that are in, the output rows they complete,
   * the rest pending (dimmed, aria-busy, drawn faint) until the full frame replaces it.
   */
  showBand(r: BandResult): void {
    const { s, v } = this;
    if (this.disposed) return;
    v.inputPane.setLegend(r.modes.legendIn);
    v.inputPane.grid.setContent(this.bandContent(r.input));
    const dtype = s.msg.array.dtype;
    const rows = r.inputGeom.rows;
    v.inputPane.setShape(`${formatShape([rows, r.inputGeom.cols])} \u00b7 ${dtype} \u00b7 ${r.inputRows} of ${rows} rows arrived`);
    v.inputPane.setStats(null, s.ui.view.decimals);
    const pane = v.outputPane;
    if (r.output) {
      pane.grid.setContent(this.bandContent(r.output));
      pane.setLegend(r.modes.legendOut);
      pane.setShape(`${r.outRows} of ${r.outRowsTotal} rows pooled`);
    } else {
      pane.grid.setContent(null);
      pane.grid.setEmptyText('Pooled once every row has arrived\u2026');
      pane.setLegend(null);
      pane.setShape('');
    }
    pane.setStats(null, s.ui.view.decimals);
    this.setPending(true, true);
    v.inputPane.grid.drawNow();
    pane.grid.drawNow();
    if (POOLING_LENS_TEST_HOOKS) recordTimeline({ kind: 'band', at: performance.now(), inputRows: r.inputRows, outRows: r.outRows });
  }

  /** The request a frame (or a band frame) is made for now. */
  request(): FrameRequest {
    const { s } = this;
    const { ui } = s;
    return {
      spatialAxes: ui.params.spatialAxes.slice(),
      indices: ui.view.indices.slice(),
      planeAxis: s.planeAxis(),
      params: structuredClone(ui.params),
      formProblems: s.localProblems.slice(),
      view: { depth: ui.view.depth, outDepth: ui.view.outDepth, picture: ui.view.picture, colormap: ui.view.colormap, decimals: ui.view.decimals },
      valuePlane: s.valuePlane(),
      bitDepth: s.msg.array.image?.bitDepth,
      haveInput: s.inContent?.raster.frame ?? -1,
    };
  }

  private cancelTimers(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.frame = this.fallbackTimer = 0;
  }

  private setPending(input: boolean, output: boolean): void {
    markPending(this.v.inputPane.element, input);
    markPending(this.v.outputPane.element, output);
  }

  /** The worker's frame: the newest request's, never an older one's. */
  private apply(r: FrameResult): void {
    const { s } = this;
    const { ui, model } = s;
    model.apply(r);
    ui.view.depth = Math.min(ui.view.depth, r.inputGeom.depthCount - 1);
    if (r.out) ui.view.outDepth = Math.min(ui.view.outDepth, r.out.geom.depthCount - 1);
    this.clampSelection();
    this.showInput(r);
    this.showOutput(r);
    this.setPending(false, false);
    s.dirty.compare = true;
    this.redrawAll();
    this.hooks.rendered();
  }

  /** The worker failed (not a parameter problem: those come in the frame): say so where problems show. */
  private failed(e: unknown): void {
    this.s.model.problems = [e instanceof WorkerJobError ? e.problem : problemOf(e)];
    this.setPending(false, false);
    this.redrawAll();
    this.hooks.rendered();
  }

  private redrawAll(): void {
    this.compareIfOpen();
    if (this.s.ui.view.chain) this.hooks.chain();
    this.updateFitMargin();
    this.renderControls();
    this.hooks.overlays();
    this.updateTexts();
    this.v.inputPane.grid.drawNow();
    this.v.outputPane.grid.drawNow();
  }

  /** The Compare view pools three times: only while it is open, and only after a change. */
  private compareIfOpen(): void {
    const { s } = this;
    if (!s.ui.view.compare || !s.dirty.compare) return;
    s.dirty.compare = false;
    this.hooks.compare();
  }

  private clampSelection(): void {
    const { ui, model } = this.s;
    const sel = ui.selection;
    if (!sel) return;
    const bounds = sel.grid === 'output' ? model.out?.plan.outSpatial : model.block?.spatialShape;
    if (!bounds || sel.cell.length !== bounds.length) {
      ui.selection = null;
      return;
    }
    sel.cell = sel.cell.map((v, i) => Math.max(0, Math.min((bounds[i] ?? 1) - 1, v)));
  }

  /** How values became colours in the frame shown; null before the first frame. */
  pixelModes(): PixelModes | null {
    return this.s.model.modes;
  }

  private content(raster: Raster): GridContent {
    const ui = this.s.ui;
    return {
      rows: raster.rows,
      cols: raster.cols,
      raster,
      decimals: ui.view.decimals,
      gridLinesFrom: ui.view.picture ? 24 : 6,
      patch: (req) => this.worker.run('patch', req),
    };
  }

  /** A band's picture: no zoomed-in detail (the worker keeps no plane of it to cut patches from). */
  private bandContent(raster: Raster): GridContent {
    const ui = this.s.ui;
    return { rows: raster.rows, cols: raster.cols, raster, decimals: ui.view.decimals, gridLinesFrom: ui.view.picture ? 24 : 6 };
  }

  private showInput(r: FrameResult): void {
    this.v.inputPane.setLegend(r.modes.legendIn);
    if (!r.input) {
      // Unchanged: keep the picture, take the new decimals and grid-line rule.
      const c = this.s.inContent;
      if (c) Object.assign(c, { decimals: this.s.ui.view.decimals, gridLinesFrom: this.s.ui.view.picture ? 24 : 6 });
      return;
    }
    const content = this.content(r.input);
    this.s.inContent = content;
    this.v.inputPane.grid.setContent(content);
  }

  private showOutput(r: FrameResult): void {
    const { s } = this;
    const pane = this.v.outputPane;
    if (!r.output) {
      // Bad parameters keep the last output (the worker still sends it); none yet: say why.
      s.outContent = null;
      pane.grid.setContent(null);
      pane.grid.setEmptyText(s.model.problems.length ? 'No output yet: fix the parameters.' : '');
      pane.setLegend(null);
      return;
    }
    const content = this.content(r.output);
    s.outContent = content;
    pane.grid.setContent(content);
    pane.setLegend(r.modes.legendOut);
  }

  /** Keeps the input's padding in view when the input grid is fitted. */
  private updateFitMargin(): void {
    const g = this.s.model.out?.plan.geometry;
    const d = g?.inShape.length ?? 0;
    const grid = this.v.inputPane.grid;
    if (g?.kind !== 'window' || d === 0) {
      grid.setFitMargin({ top: 0, left: 0, bottom: 0, right: 0 });
      return;
    }
    const row = d >= 2 ? d - 2 : -1;
    const col = d - 1;
    grid.setFitMargin({
      top: row >= 0 ? (g.padBefore[row] ?? 0) : 0,
      bottom: row >= 0 ? (g.padAfter[row] ?? 0) : 0,
      left: g.padBefore[col] ?? 0,
      right: g.padAfter[col] ?? 0,
    });
  }

  renderControls(): void {
    const { s, v } = this;
    const { ui, model } = s;
    const d = ui.params.spatialAxes.length;
    v.form.render(ui.params, axisNames(d));
    v.form.showProblems(model.problems.length ? model.problems : s.localProblems);
    const fine = model.out !== null && model.problems.length === 0 && s.localProblems.length === 0;
    v.form.showConventionGap(fine && model.block ? conventionGap(ui.params, model.block.shape) : null);
    const spatial = ui.params.spatialAxes.map((a) => s.shape[a] ?? 1);
    const outSpatial = model.out?.plan.outSpatial ?? null;
    v.dims.render({
      shape: s.shape,
      spatialAxes: ui.params.spatialAxes,
      indices: ui.view.indices,
      depth:
        d === 3
          ? {
              input: ui.view.depth,
              inputCount: spatial[0] ?? 1,
              output: ui.view.outDepth,
              outputCount: outSpatial && outSpatial.length === 3 ? (outSpatial[0] ?? null) : null,
            }
          : null,
      pictureAvailable: s.pictureAvailable(),
      picture: ui.view.picture,
      channelAxis: s.channelAxis(),
    });
    const dimensions = v.shell.sections[1];
    if (dimensions) setHidden(dimensions, s.shape.length < 2 && d === 1);
    v.display.render(ui.view.colormap, ui.view.decimals);
    v.actions.setEnabled(model.out !== null);
  }

  updateTexts(): void {
    const { s, v } = this;
    const { ui, model } = s;
    if (!model.block) return;
    const dec = ui.view.decimals;
    const d = ui.params.spatialAxes.length;
    const dtype = s.msg.array.dtype;
    const depthNote = (g: PlaneGeom | null, depth: number) => (d === 3 && g ? ` \u00b7 depth ${depth} of ${g.depthCount}` : '');
    v.inputPane.setShape(`${formatShape(model.block.spatialShape)} \u00b7 ${dtype}${depthNote(model.inputGeom, ui.view.depth)}`);
    v.inputPane.setStats(model.inputStats, dec);
    const out = model.out;
    if (out) {
      // The dtype pooled in, next to the input's: the one rule (COMPUTE_DTYPE_RULE) made visible.
      const { dtype, storage } = s.msg.array;
      v.outputPane.setShape(
        `${formatShape(out.plan.outSpatial)} \u00b7 ${dtype === storage ? storage : `${dtype} \u2192 ${storage}`}${depthNote(out.geom, ui.view.outDepth)}`,
        COMPUTE_DTYPE_RULE,
      );
      v.outputPane.setStats(out.stats, dec, model.problems.length ? 'last valid output' : '');
    } else {
      v.outputPane.setShape('');
      v.outputPane.setStats(null, dec);
    }
    v.outputPane.element.classList.toggle('pl-stale', model.problems.length > 0);
    const formulaOk = model.problems.length === 0 && out !== null;
    v.outputPane.setFormula(out ? out.plan.formula.map((f) => f.text) : null, !formulaOk);
    v.inputPane.setFormula(out ? windowSummary(out.plan.geometry) : null, !formulaOk);
  }
}

/** Dims a pane (CSS `pl-pending`) and tells assistive technology it is being updated. */
function markPending(pane: HTMLElement, on: boolean): void {
  pane.classList.toggle('pl-pending', on);
  pane.setAttribute('aria-busy', String(on));
}

/** The output plane whose numbers are shown: the value plane, or the only one. */
export function outputPlane(s: Session, out: { planes: number }): number {
  return Math.min(s.valuePlane(), out.planes - 1);
}
