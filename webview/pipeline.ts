// The compute/draw pipeline of one session: what changed is marked dirty, a frame later the
// block is cut, the core pools it, pixels are rendered and the grids, controls and texts are
// updated (one computation per burst of changes).
import { axisNames, conventionGap } from './compute';
import { pixelModes, renderPixels, sliceOffset, type PixelModes, type PlaneGeom } from './display';
import { setHidden } from './dom';
import { formatShape } from './format';
import type { GridContent } from './gridTypes';
import type { Output } from './model';
import { windowSummary } from './overlays';
import type { Session } from './session';
import type { Stats } from './stats';
import type { PanelViews } from './views';
import { COMPUTE_DTYPE_RULE } from '../src/io/computeDtype';

export interface PipelineHooks {
  /** Redraws the linking overlays and the explanation (linkView.ts). */
  overlays(): void;
  /** Tells the host what is on screen now. */
  rendered(): void;
  /** Recomputes the Compare view (only called while it is open). */
  compare(): void;
  /** Redraws the Chain view (only called while it is open; it recomputes only what changed). */
  chain(): void;
}

/** 'data' recomputes what is dirty and reports it; 'overlay' and 'text' only redraw. */
export type Redraw = 'data' | 'overlay' | 'text';

export class Pipeline {
  private frame = 0;
  private fallbackTimer = 0;

  constructor(
    private readonly s: Session,
    private readonly v: PanelViews,
    private readonly hooks: PipelineHooks,
  ) {}

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
    // rAF coalesces a burst of changes into one computation; the timer covers hidden panels.
    this.frame = requestAnimationFrame(() => this.flush());
    this.fallbackTimer = window.setTimeout(() => this.flush(), 250);
  }

  /** Drops a pending frame (the session is being replaced). */
  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.frame = this.fallbackTimer = 0;
  }

  flush(): void {
    this.dispose();
    const { s } = this;
    const { model, ui } = s;
    const d = s.dirty;
    const reported = d.block || d.pool || d.inPixels || d.outPixels;

    if (d.block) {
      if (model.ensureBlock(s.data, s.shape, ui.params.spatialAxes, ui.view.indices, s.planeAxis())) {
        d.pool = d.inPixels = true;
        ui.view.depth = Math.min(ui.view.depth, (model.inputGeom?.depthCount ?? 1) - 1);
      }
      d.block = false;
    }
    if (d.pool) {
      if (model.compute(ui.params, s.localProblems)) {
        d.outPixels = true;
        ui.view.outDepth = Math.min(ui.view.outDepth, (model.out?.geom.depthCount ?? 1) - 1);
        this.clampSelection();
      }
      // Also on a problem: the Compare view says its columns are the last valid parameters'.
      d.compare = true;
      d.pool = false;
    }
    const modes = this.pixelModes();
    if (d.inPixels && modes) {
      this.renderInput(modes);
      d.inPixels = false;
      d.outPixels = true;
    }
    if (d.outPixels && modes) {
      this.renderOutput(modes);
      d.outPixels = false;
      d.compare = true;
    }
    this.compareIfOpen();
    if (s.ui.view.chain) this.hooks.chain();
    this.updateFitMargin();
    this.renderControls();
    this.hooks.overlays();
    this.updateTexts();
    this.v.inputPane.grid.drawNow();
    this.v.outputPane.grid.drawNow();
    if (reported) this.hooks.rendered();
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

  /** How values become colours now (for `output`: the pooled output's by default); null before the first block is cut. */
  pixelModes(output: Stats | null = this.s.model.out?.stats ?? null): PixelModes | null {
    const { s } = this;
    const { block, inputStats } = s.model;
    if (!block || !inputStats) return null;
    return pixelModes({
      picture: s.ui.view.picture,
      rgbPlanes: s.planeAxis() !== null ? block.planes : 0,
      bitDepth: s.msg.array.image?.bitDepth,
      colormap: s.ui.view.colormap,
      decimals: s.ui.view.decimals,
      input: inputStats,
      output,
    });
  }

  private renderInput(modes: PixelModes): void {
    const { s } = this;
    const { ui } = s;
    const block = s.model.block;
    const g = s.model.inputGeom;
    if (!block || !g) return;
    s.inputPixels = renderPixels(block.array.data, g, 0, ui.view.depth, modes.input, s.inputPixels);
    const data = block.array.data;
    const content: GridContent = {
      rows: g.rows,
      cols: g.cols,
      pixels: s.inputPixels,
      decimals: ui.view.decimals,
      gridLinesFrom: ui.view.picture ? 24 : 6,
      value: (r, c) => data[sliceOffset(g, s.valuePlane(), ui.view.depth) + r * g.cols + c] ?? NaN,
    };
    s.inContent = content;
    this.v.inputPane.grid.setContent(content);
    this.v.inputPane.setLegend(modes.legendIn);
  }

  private renderOutput(modes: PixelModes): void {
    const { s } = this;
    const { ui } = s;
    const out = s.model.out;
    const pane = this.v.outputPane;
    if (!out || !modes.output) {
      s.outContent = null;
      pane.grid.setContent(null);
      pane.grid.setEmptyText(s.model.problems.length ? 'No output yet: fix the parameters.' : '');
      pane.setLegend(null);
      return;
    }
    const g = out.geom;
    s.outputPixels = renderPixels(out.array.data, g, 0, ui.view.outDepth, modes.output, s.outputPixels);
    const data = out.array.data;
    const content: GridContent = {
      rows: g.rows,
      cols: g.cols,
      pixels: s.outputPixels,
      decimals: ui.view.decimals,
      gridLinesFrom: ui.view.picture ? 24 : 6,
      value: (r, c) => data[sliceOffset(g, outputPlane(s, out), ui.view.outDepth) + r * g.cols + c] ?? NaN,
    };
    s.outContent = content;
    pane.grid.setContent(content);
    pane.setLegend(modes.legendOut);
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
    v.form.showConventionGap(fine && model.block ? conventionGap(ui.params, model.block.array.shape) : null);
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

/** The output plane whose numbers are shown: the value plane, or the only one. */
export function outputPlane(s: Session, out: Output): number {
  return Math.min(s.valuePlane(), out.block.planes - 1);
}
