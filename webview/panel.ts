// The Pooling Lens panel: owns the loaded array, the UI state and the two grids, and
// runs the core on every parameter change (no round trip to the host). The host is
// asked only for what it must do: files, clipboard, save dialogs.
import type { Convention, ExportFormat, HostMessage, PanelState, PoolRequest, WebviewMessage } from '../src/protocol';
import { ActionsForm, DisplayForm } from './actions';
import { axisNames, codeFor, problemOf, type Problem } from './compute';
import { ParamsForm } from './controls';
import { DimsPanel } from './dims';
import { fromSpatial, pixelModes, renderPixels, sliceOffset, toSpatial, type PixelModes, type PlaneGeom } from './display';
import { setHidden } from './dom';
import { ExplainBar, type ExplainContent } from './explainbar';
import { formatIndex, formatNumber, formatShape } from './format';
import type { GridContent, Overlay } from './grid';
import { channelAxisFor } from './layout';
import { PoolModel } from './model';
import { parseHostMessage } from './messages';
import { describeWindow, fedToHighlight, inputCellInfo, outputCellInfo, spansToHighlight, windowSummary, winnerOnGrid } from './overlays';
import { showIntro } from './intro';
import { GridPane } from './pane';
import { poolRequest, valuesText } from './requests';
import { Shell } from './shell';
import { installTestHooks } from './testHooks';
import { applyHostParams, defaultUiState, resizeParams, sanitizeUiState, type Params, type Selection, type UiState } from './state';

type LoadMessage = Extract<HostMessage, { type: 'load' }>;

interface Loaded {
  fileName: string;
  uri: string;
  arrayNames: string[];
  msg: LoadMessage;
  data: Float32Array | Float64Array;
  shape: number[];
}

interface Active {
  grid: 'input' | 'output';
  cell: number[];
}

const MAX_COPY_CHARS = 4 * 1024 * 1024 - 1024;
const PLAY_INTERVAL_MS = 700;

export class Panel {
  private readonly api = acquireVsCodeApi<PanelState>();
  private loaded: Loaded | null = null;
  private ui: UiState | null = null;

  private readonly model = new PoolModel();
  private localProblems: Problem[] = [];
  private hover: Active | null = null;

  private dirty = { block: true, pool: true, inPixels: true, outPixels: true };
  private frame = 0;
  private fallbackTimer = 0;
  private persistTimer = 0;
  private playTimer = 0;
  private requestId = 0;
  private readonly pending = new Map<number, string>();
  private inputPixels: Uint32Array | undefined;
  private outputPixels: Uint32Array | undefined;
  private inContent: GridContent | null = null;
  private outContent: GridContent | null = null;

  // ---------- DOM ----------
  private readonly shell: Shell;
  private readonly form: ParamsForm;
  private readonly dims: DimsPanel;
  private readonly display: DisplayForm;
  private readonly actions: ActionsForm;
  private readonly inputPane: GridPane;
  private readonly outputPane: GridPane;
  private readonly explainBar: ExplainBar;

  constructor(root: HTMLElement) {
    this.form = new ParamsForm({ onChange: (p, problems) => this.onParams(p, problems) });
    this.dims = new DimsPanel({
      onSpatialAxes: (axes) => this.onSpatialAxes(axes),
      onIndex: (axis, i) => this.onIndex(axis, i),
      onDepth: (grid, d) => this.onDepth(grid, d),
      onPicture: (on) => this.onPicture(on),
    });
    this.display = new DisplayForm({
      onColormap: (name) => this.updateView({ colormap: name as UiState['view']['colormap'] }, 'pixels'),
      onDecimals: (d) => this.updateView({ decimals: d }, 'text'),
    });
    this.actions = new ActionsForm({
      onExport: (f) => this.exportOutput(f),
      onCopyValues: () => this.copyValues(),
      onCopyCode: (c) => this.copyCode(c),
    });
    const gridCallbacks = (grid: 'input' | 'output') => ({
      onHover: (cell: { r: number; c: number } | null) => this.onHover(grid, cell),
      onSelect: (cell: { r: number; c: number }) => this.onSelect(grid, cell),
      onMove: (dr: number, dc: number) => this.onMove(grid, dr, dc),
      onCamera: () => this.persist(),
    });
    this.inputPane = new GridPane('Input', gridCallbacks('input'));
    this.outputPane = new GridPane('Output', gridCallbacks('output'));
    this.explainBar = new ExplainBar({
      onFirst: () => this.step('first'),
      onPrev: () => this.step(-1),
      onTogglePlay: () => this.togglePlay(),
      onNext: () => this.step(1),
    });
    this.shell = new Shell(
      root,
      {
        sections: [
          ['Pooling', this.form.element],
          ['Dimensions', this.dims.element],
          ['Display', this.display.element],
          ['Export and copy', this.actions.element],
        ],
        grids: [this.inputPane.element, this.outputPane.element],
        explain: this.explainBar.element,
      },
      { onOpenOther: () => this.post({ type: 'openOther' }), onSelectArray: (name) => this.post({ type: 'selectArray', name }) },
    );

    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data));
    // VS Code switches the theme by changing the body's classes and variables.
    const themeObserver = new MutationObserver(() => {
      this.inputPane.grid.refreshTheme();
      this.outputPane.grid.refreshTheme();
    });
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

    if (POOLING_LENS_TEST_HOOKS) installTestHooks((grid) => (grid === 'input' ? this.inputPane : this.outputPane).grid);
    this.post({ type: 'ready' });
  }

  // ---------- host messages ----------

  private post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message });
  }

  private onMessage(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.log('warn', `webview ignored a host message: ${parsed.reason}`);
      // A load we cannot use must still end the spinner.
      if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'load') {
        this.showLoadError(String((raw as { fileName?: unknown }).fileName ?? ''), `The panel received data it cannot use: ${parsed.reason}.`);
      }
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'load':
        this.load(m);
        showIntro(raw);
        break;
      case 'loadError':
        this.showLoadError(m.fileName, m.message);
        break;
      case 'notice':
        this.showNotice(m.message, m.level);
        break;
      case 'setParams':
        if (this.ui && this.loaded) this.onParams(applyHostParams(this.ui.params, m.params, this.loaded.shape.length), []);
        break;
      case 'reply': {
        const label = this.pending.get(m.requestId);
        if (label === undefined) break;
        this.pending.delete(m.requestId);
        this.actions.setStatus(m.ok ? (m.message ?? `${label}: done.`) : (m.message ?? `${label} failed.`), m.ok ? 'info' : 'error');
        break;
      }
    }
  }

  private showLoadError(fileName: string, message: string): void {
    this.stopPlay();
    this.shell.showError(fileName, message);
  }

  private showNotice(message: string, level: 'info' | 'warn' | 'error'): void {
    this.shell.showNotice(message, level);
  }

  private load(m: LoadMessage): void {
    const a = m.array;
    if (a.shape.length === 0) {
      this.showLoadError(m.fileName, `${a.name} is a single number (shape ()), so there is nothing to pool. Pooling needs at least one dimension.`);
      return;
    }
    const data = a.storage === 'float32' ? new Float32Array(a.buffer) : new Float64Array(a.buffer);
    const shape = a.shape.slice();
    const saved = this.api.getState();
    const uri = m.uri ?? saved?.uri ?? this.loaded?.uri ?? '';
    const image = a.image ? { width: a.image.width, height: a.image.height, channels: a.image.channels } : undefined;
    const fallback = defaultUiState({ shape, convention: m.settings.convention, colormap: m.settings.colormap, decimals: m.settings.decimals, ...(image ? { image } : {}) });
    if (m.initial) fallback.params = applyHostParams(fallback.params, m.initial, shape.length);
    const keep = (m.reason === 'refresh' || m.reason === 'select' || m.reason === 'reload') && this.ui !== null && this.loaded?.uri === uri;
    let ui: UiState;
    if (keep && this.ui) ui = sanitizeUiState(this.ui, shape, fallback);
    else if (m.ui !== undefined) ui = sanitizeUiState(m.ui, shape, fallback);
    else if (saved && saved.uri === uri && saved.ui !== undefined && (saved.arrayName === undefined || saved.arrayName === a.name)) ui = sanitizeUiState(saved.ui, shape, fallback);
    else ui = fallback;

    this.loaded = { fileName: m.fileName, uri, arrayNames: m.arrayNames, msg: m, data, shape };
    this.ui = ui;
    this.model.reset();
    this.localProblems = [];
    this.hover = null;
    this.inputPixels = this.outputPixels = undefined;
    this.dirty = { block: true, pool: true, inPixels: true, outPixels: true };

    const lossy = a.precisionLoss ? ' \u00b7 some int64 values rounded to float64' : '';
    const imageInfo = a.image ? ` \u00b7 ${a.image.width}\u00d7${a.image.height} image, ${a.image.channels} ch, ${a.image.bitDepth}-bit` : '';
    this.shell.showMain(m.fileName, `${a.dtype} \u00b7 ${formatShape(shape)}${imageInfo}${lossy}`, m.arrayNames, a.name);
    this.inputPane.grid.setCamera(ui.view.input);
    this.outputPane.grid.setCamera(ui.view.output);
    this.renderControls();
    this.flush();
  }

  // ---------- state changes ----------

  private onParams(params: Params, localProblems: Problem[]): void {
    if (!this.ui) return;
    const axesChanged = params.spatialAxes.join() !== this.ui.params.spatialAxes.join();
    this.ui.params = params;
    this.localProblems = localProblems;
    if (axesChanged) this.dirty.block = true;
    this.dirty.pool = true;
    this.renderControls();
    this.schedule();
    this.persist();
  }

  private onSpatialAxes(axes: number[]): void {
    if (!this.ui || !this.loaded) return;
    this.ui.params = resizeParams(this.ui.params, axes);
    this.ui.selection = null;
    this.ui.view.input = this.ui.view.output = null;
    this.ui.view.depth = this.ui.view.outDepth = 0;
    if (this.ui.view.picture && !this.pictureAvailable()) this.ui.view.picture = false;
    this.hover = null;
    this.inputPane.grid.setCamera(null);
    this.outputPane.grid.setCamera(null);
    this.dirty.block = this.dirty.pool = true;
    this.renderControls();
    this.schedule();
    this.persist();
  }

  private onIndex(axis: number, index: number): void {
    if (!this.ui) return;
    this.ui.view.indices[axis] = index;
    // In an RGB picture the channel slider only picks which channel's numbers are shown.
    const valuesOnly = axis === this.planeAxis();
    if (!valuesOnly) this.dirty.block = true;
    this.renderControls();
    this.schedule(valuesOnly ? 'text' : 'data');
    // The sample reported to the host is the channel whose numbers are shown.
    if (valuesOnly) this.postRendered();
    this.persist();
  }

  private onDepth(grid: 'input' | 'output', depth: number): void {
    if (!this.ui) return;
    if (grid === 'input') {
      this.ui.view.depth = depth;
      this.dirty.inPixels = true;
    } else {
      this.ui.view.outDepth = depth;
      this.dirty.outPixels = true;
      const s = this.ui.selection;
      if (s && s.grid === 'output' && s.cell.length === 3) s.cell[0] = depth;
    }
    this.renderControls();
    this.schedule();
    this.persist();
  }

  private onPicture(on: boolean): void {
    if (!this.ui) return;
    this.ui.view.picture = on;
    this.dirty.block = this.dirty.pool = true;
    this.renderControls();
    this.schedule();
    this.persist();
  }

  private updateView(patch: Partial<UiState['view']>, what: 'pixels' | 'text'): void {
    if (!this.ui) return;
    Object.assign(this.ui.view, patch);
    if (what === 'pixels') this.dirty.inPixels = this.dirty.outPixels = true;
    else {
      if (this.inContent) this.inContent.decimals = this.ui.view.decimals;
      if (this.outContent) this.outContent.decimals = this.ui.view.decimals;
    }
    this.renderControls();
    this.schedule(what === 'pixels' ? 'data' : 'text');
    this.persist();
  }

  /** Saves the UI state (debounced); the cameras are read from the grids then, so pans and zooms are included. */
  private persist(): void {
    if (this.persistTimer) return;
    this.persistTimer = window.setTimeout(() => {
      this.persistTimer = 0;
      if (!this.ui || !this.loaded) return;
      this.ui.view.input = this.inputPane.grid.getCamera();
      this.ui.view.output = this.outputPane.grid.getCamera();
      const state: PanelState = { version: 1, uri: this.loaded.uri, arrayName: this.loaded.msg.array.name, ui: this.ui };
      this.api.setState(state);
    }, 200);
  }

  // ---------- derived layout ----------

  private channelAxis(): number | null {
    return this.loaded && this.ui ? channelAxisFor(this.loaded.shape, this.ui.params.spatialAxes) : null;
  }

  private pictureAvailable(): boolean {
    return !!this.loaded && (this.loaded.msg.array.image !== undefined || this.channelAxis() !== null);
  }

  /** The axis kept whole as the block's planes: the colour channels of an RGB picture. */
  private planeAxis(): number | null {
    if (!this.ui || !this.ui.view.picture) return null;
    return this.channelAxis();
  }

  /** Which plane of the block the numbers (values, arithmetic) come from. */
  private valuePlane(): number {
    const axis = this.planeAxis();
    return axis === null || !this.ui ? 0 : Math.min(this.ui.view.indices[axis] ?? 0, (this.loaded?.shape[axis] ?? 1) - 1);
  }

  private channelLabel(): string {
    const axis = this.planeAxis();
    return axis === null ? '' : ` (channel ${this.valuePlane()})`;
  }

  // ---------- the pipeline ----------

  /** 'data' redraws what changed and reports it; 'overlay' and 'text' only redraw. */
  private schedule(kind: 'data' | 'overlay' | 'text' = 'data'): void {
    if (kind !== 'data') {
      this.updateOverlays();
      this.updateTexts();
      this.inputPane.grid.requestDraw();
      this.outputPane.grid.requestDraw();
      return;
    }
    if (this.frame) return;
    // rAF coalesces a burst of changes into one computation; the timer covers hidden panels.
    this.frame = requestAnimationFrame(() => this.flush());
    this.fallbackTimer = window.setTimeout(() => this.flush(), 250);
  }

  private flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.frame = this.fallbackTimer = 0;
    const loaded = this.loaded;
    const ui = this.ui;
    if (!loaded || !ui) return;
    const d = this.dirty;
    const reported = d.block || d.pool || d.inPixels || d.outPixels;

    if (d.block) {
      if (this.model.ensureBlock(loaded.data, loaded.shape, ui.params.spatialAxes, ui.view.indices, this.planeAxis())) {
        d.pool = d.inPixels = true;
        ui.view.depth = Math.min(ui.view.depth, this.model.inputGeom!.depthCount - 1);
      }
      d.block = false;
    }
    if (d.pool) {
      if (this.model.compute(ui.params, this.localProblems)) {
        d.outPixels = true;
        ui.view.outDepth = Math.min(ui.view.outDepth, this.model.out!.geom.depthCount - 1);
        this.clampSelection();
      }
      d.pool = false;
    }
    if (d.inPixels) {
      this.renderInput();
      d.inPixels = false;
      d.outPixels = true;
    }
    if (d.outPixels) {
      this.renderOutput();
      d.outPixels = false;
    }
    this.updateFitMargin();
    this.renderControls();
    this.updateOverlays();
    this.updateTexts();
    this.inputPane.grid.drawNow();
    this.outputPane.grid.drawNow();
    if (reported) this.postRendered();
  }

  private clampSelection(): void {
    const ui = this.ui!;
    const s = ui.selection;
    if (!s) return;
    const bounds = s.grid === 'output' ? this.model.out?.plan.outSpatial : this.model.block?.spatialShape;
    if (!bounds || s.cell.length !== bounds.length) {
      ui.selection = null;
      return;
    }
    s.cell = s.cell.map((v, i) => Math.max(0, Math.min(bounds[i]! - 1, v)));
  }

  private pixelModes(): PixelModes {
    const ui = this.ui!;
    return pixelModes({
      picture: ui.view.picture,
      rgbPlanes: this.planeAxis() !== null ? this.model.block!.planes : 0,
      bitDepth: this.loaded!.msg.array.image?.bitDepth,
      colormap: ui.view.colormap,
      decimals: ui.view.decimals,
      input: this.model.inputStats!,
      output: this.model.out?.stats ?? null,
    });
  }

  private renderInput(): void {
    const ui = this.ui!;
    const block = this.model.block!;
    const g = this.model.inputGeom!;
    const modes = this.pixelModes();
    const depth = ui.view.depth;
    this.inputPixels = renderPixels(block.array.data, g, 0, depth, modes.input, this.inputPixels);
    const data = block.array.data;
    const content: GridContent = {
      rows: g.rows,
      cols: g.cols,
      pixels: this.inputPixels,
      decimals: ui.view.decimals,
      gridLinesFrom: ui.view.picture ? 24 : 6,
      value: (r, c) => data[sliceOffset(g, this.valuePlane(), ui.view.depth) + r * g.cols + c]!,
    };
    this.inContent = content;
    this.inputPane.grid.setContent(content);
    this.inputPane.setLegend(modes.legendIn);
  }

  private renderOutput(): void {
    const ui = this.ui!;
    const out = this.model.out;
    if (!out) {
      this.outContent = null;
      this.outputPane.grid.setContent(null);
      this.outputPane.grid.setEmptyText(this.model.problems.length ? 'No output yet: fix the parameters.' : '');
      this.outputPane.setLegend(null);
      return;
    }
    const modes = this.pixelModes();
    const g = out.geom;
    this.outputPixels = renderPixels(out.array.data, g, 0, ui.view.outDepth, modes.output!, this.outputPixels);
    const data = out.array.data;
    const content: GridContent = {
      rows: g.rows,
      cols: g.cols,
      pixels: this.outputPixels,
      decimals: ui.view.decimals,
      gridLinesFrom: ui.view.picture ? 24 : 6,
      value: (r, c) => data[sliceOffset(g, Math.min(this.valuePlane(), out.block.planes - 1), ui.view.outDepth) + r * g.cols + c]!,
    };
    this.outContent = content;
    this.outputPane.grid.setContent(content);
    this.outputPane.setLegend(modes.legendOut);
  }

  /** Keeps the input's padding in view when the input grid is fitted. */
  private updateFitMargin(): void {
    const g = this.model.out?.plan.geometry;
    const d = g?.inShape.length ?? 0;
    if (!g || g.kind !== 'window' || d === 0) {
      this.inputPane.grid.setFitMargin({ top: 0, left: 0, bottom: 0, right: 0 });
      return;
    }
    const row = d >= 2 ? d - 2 : -1;
    const col = d - 1;
    this.inputPane.grid.setFitMargin({
      top: row >= 0 ? g.padBefore[row]! : 0,
      bottom: row >= 0 ? g.padAfter[row]! : 0,
      left: g.padBefore[col]!,
      right: g.padAfter[col]!,
    });
  }

  private renderControls(): void {
    const ui = this.ui;
    const loaded = this.loaded;
    if (!ui || !loaded) return;
    const d = ui.params.spatialAxes.length;
    this.form.render(ui.params, axisNames(d));
    this.form.showProblems(this.model.problems.length ? this.model.problems : this.localProblems);
    const spatial = ui.params.spatialAxes.map((a) => loaded.shape[a]!);
    const outSpatial = this.model.out?.plan.outSpatial ?? null;
    this.dims.render({
      shape: loaded.shape,
      spatialAxes: ui.params.spatialAxes,
      indices: ui.view.indices,
      depth: d === 3 ? { input: ui.view.depth, inputCount: spatial[0]!, output: ui.view.outDepth, outputCount: outSpatial && outSpatial.length === 3 ? outSpatial[0]! : null } : null,
      pictureAvailable: this.pictureAvailable(),
      picture: ui.view.picture,
      channelAxis: this.channelAxis(),
    });
    setHidden(this.shell.sections[1]!, loaded.shape.length < 2 && d === 1);
    this.display.render(ui.view.colormap, ui.view.decimals);
    this.actions.setEnabled(this.model.out !== null);
  }

  private updateTexts(): void {
    const ui = this.ui;
    const loaded = this.loaded;
    if (!ui || !loaded || !this.model.block) return;
    const dec = ui.view.decimals;
    const d = ui.params.spatialAxes.length;
    const dtype = loaded.msg.array.dtype;
    const depthNote = (g: PlaneGeom | null, depth: number) => (d === 3 && g ? ` \u00b7 depth ${depth} of ${g.depthCount}` : '');
    this.inputPane.setShape(`${formatShape(this.model.block.spatialShape)} \u00b7 ${dtype}${depthNote(this.model.inputGeom, ui.view.depth)}`);
    this.inputPane.setStats(this.model.inputStats, dec);
    const out = this.model.out;
    if (out) {
      const outDtype = loaded.msg.array.storage;
      this.outputPane.setShape(`${formatShape(out.plan.outSpatial)} \u00b7 ${outDtype}${depthNote(out.geom, ui.view.outDepth)}`);
      this.outputPane.setStats(out.stats, dec, this.model.problems.length ? 'last valid output' : '');
    } else {
      this.outputPane.setShape('');
      this.outputPane.setStats(null, dec);
    }
    this.outputPane.element.classList.toggle('pl-stale', this.model.problems.length > 0);
    const formulaOk = this.model.problems.length === 0 && out !== null;
    this.outputPane.setFormula(out ? out.plan.formula.map((f) => f.text) : null, !formulaOk);
    this.inputPane.setFormula(out ? windowSummary(out.plan.geometry) : null, !formulaOk);
  }

  // ---------- linking ----------

  /** What linking shows for one active cell: the highlight in the other grid and the explanation. */
  private linkFor(active: Active | null): { inHighlight: Overlay['highlight']; outHighlight: Overlay['highlight']; content: ExplainContent | null } {
    const none = { inHighlight: null, outHighlight: null, content: null };
    const ui = this.ui;
    const out = this.model.linkable();
    if (!ui || !active || !out) return none;
    const plane = this.valuePlane();
    const outPlane = Math.min(plane, out.block.planes - 1);
    const inShape = out.plan.geometry.inShape;
    const inPlaneSize = inShape.reduce((p, q) => p * q, 1);
    const inPlane = out.block.array.data.subarray(plane * inPlaneSize, (plane + 1) * inPlaneSize);
    const dec = ui.view.decimals;
    if (active.grid === 'output' && active.cell.length === out.plan.outSpatial.length) {
      const cell = active.cell;
      const value = out.array.data[outPlane * out.geom.planeSize + linearIndex(cell, out.plan.outSpatial)]!;
      const info = outputCellInfo(out.plan.geometry, out.params, cell, inPlane, value, dec);
      const note = [info.explanation.note, describeWindow(info.spans)].filter((s) => s).join(' ');
      return {
        inHighlight: spansToHighlight(info.spans, ui.view.depth, winnerOnGrid(info.winner, ui.view.depth)),
        outHighlight: null,
        content: { head: `Output ${formatIndex(cell)}${this.channelLabel()} = ${formatNumber(value, dec)}`, math: info.explanation.text, note },
      };
    }
    if (active.grid === 'input' && active.cell.length === inShape.length) {
      const value = inPlane[linearIndex(active.cell, inShape)]!;
      const info = inputCellInfo(out.plan.geometry, active.cell, value, dec, this.channelLabel());
      return { inHighlight: null, outHighlight: fedToHighlight(info.fed, ui.view.outDepth), content: { head: info.head, math: info.math, note: info.note } };
    }
    return none;
  }

  private updateOverlays(): void {
    const ui = this.ui;
    if (!ui) return;
    const onDepth = (grid: 'input' | 'output', cell: number[]) => {
      const g = fromSpatial(cell);
      const depth = grid === 'input' ? ui.view.depth : ui.view.outDepth;
      return cell.length < 3 || g.depth === depth ? { r: g.r, c: g.c } : null;
    };
    const link = this.linkFor(this.hover ?? ui.selection);
    const inOverlay: Overlay = { highlight: link.inHighlight, selected: null, hover: null };
    const outOverlay: Overlay = { highlight: link.outHighlight, selected: null, hover: null };
    const sel = ui.selection;
    if (sel) (sel.grid === 'input' ? inOverlay : outOverlay).selected = onDepth(sel.grid, sel.cell);
    if (this.hover) (this.hover.grid === 'input' ? inOverlay : outOverlay).hover = onDepth(this.hover.grid, this.hover.cell);
    this.inputPane.grid.setOverlay(inOverlay);
    this.outputPane.grid.setOverlay(outOverlay);
    this.explainBar.show(link.content);
    this.canvasLabels();
  }

  /** Accessible names for the grids, including what is selected. */
  private canvasLabels(): void {
    const ui = this.ui;
    if (!ui || !this.model.block) return;
    const sel = ui.selection;
    const inLabel = `Input grid, ${formatShape(this.model.block.spatialShape)}. Arrow keys move the selected cell, plus and minus zoom, 0 fits.`;
    const outLabel = this.model.out ? `Output grid, ${formatShape(this.model.out.plan.outSpatial)}. Arrow keys move the selected cell and show its window in the input.` : 'Output grid, empty';
    this.inputPane.grid.canvas.setAttribute('aria-label', sel && sel.grid === 'input' ? `${inLabel} Selected ${formatIndex(sel.cell)}.` : inLabel);
    this.outputPane.grid.canvas.setAttribute('aria-label', sel && sel.grid === 'output' ? `${outLabel} Selected ${formatIndex(sel.cell)}.` : outLabel);
  }

  private announceSelection(): void {
    const sel = this.ui?.selection ?? null;
    const c = this.linkFor(sel).content;
    if (c) this.explainBar.announce([c.head, c.math, c.note].filter((s) => s).join('. '));
  }

  private onHover(grid: 'input' | 'output', cell: { r: number; c: number } | null): void {
    if (!this.ui) return;
    const next = cell ? { grid, cell: toSpatial(this.ui.params.spatialAxes.length, grid === 'input' ? this.ui.view.depth : this.ui.view.outDepth, cell.r, cell.c) } : null;
    const same = (a: Active | null, b: Active | null) => (a === null ? b === null : b !== null && a.grid === b.grid && a.cell.join() === b.cell.join());
    if (same(this.hover, next)) return;
    // Leaving one grid must not clear a hover that has moved to the other.
    if (next === null && this.hover && this.hover.grid !== grid) return;
    this.hover = next;
    this.schedule('overlay');
  }

  private onSelect(grid: 'input' | 'output', cell: { r: number; c: number }): void {
    if (!this.ui) return;
    this.stopPlay();
    this.setSelection({ grid, cell: toSpatial(this.ui.params.spatialAxes.length, grid === 'input' ? this.ui.view.depth : this.ui.view.outDepth, cell.r, cell.c) });
  }

  private setSelection(sel: Selection): void {
    if (!this.ui) return;
    this.ui.selection = sel;
    const g = fromSpatial(sel.cell);
    (sel.grid === 'input' ? this.inputPane : this.outputPane).grid.ensureVisible(g.r, g.c);
    this.updateOverlays();
    this.announceSelection();
    this.persist();
  }

  private onMove(grid: 'input' | 'output', dr: number, dc: number): void {
    const ui = this.ui;
    if (!ui) return;
    this.stopPlay();
    const bounds = grid === 'output' ? this.model.out?.plan.outSpatial : this.model.block?.spatialShape;
    if (!bounds) return;
    const d = bounds.length;
    const depth = grid === 'input' ? ui.view.depth : ui.view.outDepth;
    const cur = ui.selection && ui.selection.grid === grid ? fromSpatial(ui.selection.cell) : null;
    const rows = d === 1 ? 1 : bounds[d - 2]!;
    const cols = bounds[d - 1]!;
    const r = cur ? Math.max(0, Math.min(rows - 1, cur.r + dr)) : 0;
    const c = cur ? Math.max(0, Math.min(cols - 1, cur.c + dc)) : 0;
    this.hover = null;
    this.setSelection({ grid, cell: toSpatial(d, depth, r, c) });
  }

  // ---------- play / step ----------

  private step(delta: 1 | -1 | 'first'): void {
    const ui = this.ui;
    const out = this.model.out;
    if (!ui || !out) return;
    const shape = out.plan.outSpatial;
    const total = shape.reduce((p, q) => p * q, 1);
    const cur = ui.selection && ui.selection.grid === 'output' && ui.selection.cell.length === shape.length ? linearIndex(ui.selection.cell, shape) : -1;
    const next = delta === 'first' || cur < 0 ? 0 : (cur + delta + total) % total;
    const cell = unravel(next, shape);
    if (cell.length === 3 && cell[0] !== ui.view.outDepth) {
      ui.view.outDepth = cell[0]!;
      this.dirty.outPixels = true;
      this.schedule();
    }
    this.hover = null;
    this.setSelection({ grid: 'output', cell });
  }

  private togglePlay(): void {
    if (this.playTimer) this.stopPlay();
    else {
      this.step(1);
      this.playTimer = window.setInterval(() => this.step(1), PLAY_INTERVAL_MS);
      this.explainBar.setPlaying(true);
    }
  }

  private stopPlay(): void {
    if (!this.playTimer) return;
    clearInterval(this.playTimer);
    this.playTimer = 0;
    this.explainBar.setPlaying(false);
  }

  // ---------- reporting, export, copy ----------

  private postRendered(): void {
    if (this.loaded) this.post(this.model.rendered(this.loaded.shape, this.valuePlane()));
  }

  private request(): PoolRequest {
    return poolRequest(this.model.out?.params ?? this.ui!.params);
  }

  private track(label: string): number {
    const id = ++this.requestId;
    this.pending.set(id, label);
    this.actions.setStatus(`${label}\u2026`);
    return id;
  }

  private exportOutput(format: ExportFormat): void {
    if (!this.model.out) return;
    const requestId = this.track(`Saving .${format}`);
    const msg: WebviewMessage = { type: 'export', requestId, format, request: this.request() };
    if (format === 'png') {
      const r = this.pixelModes().output;
      if (r) msg.pngRange = [r.range.lo, r.range.hi];
    }
    this.post(msg);
  }

  private copyValues(): void {
    const out = this.model.out;
    if (!out) return;
    const text = valuesText(out.array.data, out.geom, Math.min(this.valuePlane(), out.block.planes - 1), MAX_COPY_CHARS);
    if (text === null) {
      this.actions.setStatus(`The output has ${out.geom.planeSize} values, too many to copy: save it as .csv instead.`, 'error');
      return;
    }
    this.post({ type: 'copyText', requestId: this.track('Copying values'), text });
  }

  private copyCode(convention: Convention): void {
    const ui = this.ui;
    if (!ui || !this.model.block) return;
    const params = this.model.out?.params ?? ui.params;
    let text: string;
    try {
      text = codeFor(params, convention, this.model.block.array.shape);
    } catch (e) {
      this.actions.setStatus(problemOf(e).message, 'error');
      return;
    }
    this.post({ type: 'copyText', requestId: this.track(`Copying ${convention} code`), text });
  }
}

function linearIndex(cell: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let a = 0; a < shape.length; a++) i = i * shape[a]! + cell[a]!;
  return i;
}

function unravel(index: number, shape: readonly number[]): number[] {
  const cell = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    cell[a] = index % shape[a]!;
    index = Math.floor(index / shape[a]!);
  }
  return cell;
}
