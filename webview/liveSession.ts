// State changes of a loaded panel: each control's change updates the session's UI state,
// marks what must be recomputed and schedules a frame. Owns the session's pipeline and
// linking view.
import { levelDepths } from './chainCompute';
import { defaultChainState, fitChain, presetLayers, toChainLayers, type ChainPreset, type ChainState } from './chainState';
import { axisNames, type Problem } from './compute';
import { LinkView } from './linkView';
import { outputPlane, Pipeline } from './pipeline';
import { Latest } from './latest';
import type { WorkerClient } from './workerClient';
import type { ChainRequest, ChainResultView, CompareRequest, CompareResult } from './worker/protocol';
import { stepCell } from './cells';
import type { Session } from './session';
import { applyHostParams, resizeParams, type Params, type UiState } from './state';
import type { GridName, PanelViews } from './views';
import type { PanelView } from './viewTabs';

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
  /** The Chain view's requests to the worker (it keeps the chain while block and layers hold). */
  private readonly chains: Latest<{ req: ChainRequest; chain: ChainState }, { res: ChainResultView | null; chain: ChainState }>;
  /** What the Chain view last asked for (skips requests that would change nothing). */
  private chainAsked = '';

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
        chain: () => this.updateChain(),
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
    // The Chain view pools every layer in the worker; only the newest request's levels are drawn.
    this.chains = new Latest(
      ({ req, chain }) => worker.run('chain', req).then((res) => ({ res, chain })),
      ({ res, chain }) => this.showChain(res, chain),
      (e) => {
        // Asked again at the next change, even if it asks for the same.
        this.chainAsked = '';
        this.v.chain.showMessage(e instanceof Error ? e.message : String(e));
      },
    );
  }

  /** First paint of a new session: the saved cameras, the controls, one computation (a band frame while the array is still arriving: pipeline.hold). */
  start(): void {
    this.v.inputPane.grid.setCamera(this.s.ui.view.input);
    this.v.outputPane.grid.setCamera(this.s.ui.view.output);
    this.showView();
    this.pipeline.renderControls();
    this.pipeline.firstPaint();
  }

  dispose(): void {
    this.pipeline.dispose();
    this.link.dispose();
    this.comparisons.cancel();
    this.chains.cancel();
  }

  /** Opens the grids, the Compare or the Chain view (kept in the UI state, so a reload reopens it). */
  setView(view: PanelView): void {
    const { s } = this;
    if (viewOf(s.ui.view) === view) return;
    s.ui.view.compare = view === 'compare';
    s.ui.view.chain = view === 'chain';
    this.showView();
    if (view === 'compare') s.dirty.compare = true;
    this.chainAsked = '';
    this.changed('text');
  }

  /** Shows the view the UI state says is open. */
  showView(): void {
    const view = viewOf(this.s.ui.view);
    this.v.shell.showView(view);
    this.v.tabs.select(view);
    this.v.compare.setOpen(view === 'compare');
    this.v.chain.setOpen(view === 'chain');
  }

  /** The Chain view's layers were edited: the controls follow at once, the grids when the worker has pooled. */
  onChain(chain: ChainState): void {
    this.s.ui.chain = chain;
    this.updateChain();
    this.hooks.persist();
  }

  onChainPreset(preset: ChainPreset): void {
    const { params } = this.s.ui;
    this.onChain({ version: 1, layers: presetLayers(preset, params.spatialAxes.length, params), selected: null });
  }

  /** The selected cell of the chain's last output moved (the view drew it; 3 axes: other depths are asked for). */
  onChainSelect(cell: number[] | null): void {
    if (this.s.ui.chain) this.s.ui.chain.selected = cell;
    this.updateChain();
    this.hooks.persist();
  }

  /**
   * Asks the worker to pool the block shown through the chain (computeChain there, kept while
   * neither the block nor the layers change) and to render every level on the panel's colour rules.
   */
  private updateChain(): void {
    const { s } = this;
    const block = s.model.block;
    if (!block) {
      this.v.chain.showMessage('Reading the data\u2026');
      return;
    }
    const d = s.ui.params.spatialAxes.length;
    const chain = fitChain(s.ui.chain ?? defaultChainState(s.ui.params), d);
    s.ui.chain = chain;
    this.v.chain.setChain(chain, axisNames(d));
    const layers = toChainLayers(chain);
    const req: ChainRequest = {
      layers,
      plane: s.valuePlane(),
      depths: levelDepths(block.shape, layers, chain.selected),
      view: { picture: s.ui.view.picture, colormap: s.ui.view.colormap, decimals: s.ui.view.decimals },
      bitDepth: s.msg.array.image?.bitDepth,
      planeAxis: s.planeAxis(),
    };
    const asked = JSON.stringify([block.key, s.model.inputStats, req]);
    if (asked === this.chainAsked) return;
    this.chainAsked = asked;
    this.v.chain.setPending(true);
    this.chains.run({ req, chain: structuredClone(chain) });
  }

  private showChain(res: ChainResultView | null, chain: ChainState): void {
    if (!res) {
      this.v.chain.showMessage('Reading the data\u2026');
      return;
    }
    const d = this.s.ui.params.spatialAxes.length;
    const file = this.s.fileName;
    const worker = this.worker;
    this.v.chain.update({
      chain,
      result: res,
      axisNames: axisNames(d),
      npyPath: /\.npy$/i.test(file) ? file : 'input.npy',
      worker: { patch: (req) => worker.run('patch', req), cellValues: (cells) => worker.run('cellValues', cells) },
    });
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

/** The view the UI state has open. */
function viewOf(view: UiState['view']): PanelView {
  return view.compare ? 'compare' : view.chain ? 'chain' : 'pool';
}
