// The Chain view: 2–5 pooling layers stacked, each with its own controls and its output grid,
// the input first; selecting a cell of the last output highlights the cells feeding it in every
// earlier level and fills in the receptive-field recurrences per axis. The numbers come from
// the panel's worker (worker/chainJob.ts runs chainCompute.ts); this file only draws and edits.
import { chainToCode } from '../src/core/conventions';
import { FRAMEWORK_LABEL, type Framework } from '../src/compare';
import { traceCell, fieldSteps, type FieldStep } from './chainCompute';
import {
  addLayer,
  CHAIN_MAX_LAYERS,
  CHAIN_MIN_LAYERS,
  layerSummary,
  moveLayer,
  PRESET_LABEL,
  PRESET_TITLE,
  presetsFor,
  removeLayer,
  setLayer,
  toChainLayers,
  type ChainLayerState,
  type ChainPreset,
  type ChainState,
} from './chainState';
import { planeGeom, type PlaneGeom } from './display';
import { button, h, nextId, setHidden, setText } from './dom';
import { checkbox, select, setValue } from './fields';
import { formatIndex, formatNumber, formatShape } from './format';
import { Grid } from './grid';
import type { GridContent } from './gridTypes';
import { fedToHighlight } from './overlays';
import type { ChainResultView, Jobs, Patch, PatchRequest, Raster } from './worker/protocol';

export interface ChainCallbacks {
  /** The layers were edited (or a preset chosen through onPreset); the selection may be reset. */
  onChange(chain: ChainState): void;
  onPreset(preset: ChainPreset): void;
  /** The selected cell of the last output moved (persisted; with 3 axes the grids' depths follow it). */
  onSelect(cell: number[] | null): void;
  onCopy(label: string, code: string): void;
}

/** What the view asks of the panel's worker: zoomed-in patches, and single values of large levels. */
export interface ChainWorker {
  patch(req: PatchRequest): Promise<Patch | null>;
  cellValues(cells: Jobs['cellValues']['args']): Promise<(number | null)[]>;
}

/** What one draw needs: the worker's chain result and what it was computed for. */
export interface ChainInput {
  /** The chain the result is for (its layers; the selection is the view's current one). */
  chain: ChainState;
  result: ChainResultView;
  /** Names of the spatial axes (H, W …). */
  axisNames: readonly string[];
  /** Snippets of big inputs load this .npy. */
  npyPath: string;
  worker: ChainWorker;
}

const CODE: { framework: Framework; text: string }[] = [
  { framework: 'pytorch', text: 'nn.Sequential' },
  { framework: 'keras', text: 'Keras Sequential' },
  { framework: 'onnx', text: 'ONNX graph' },
];

type Cell = { r: number; c: number };

/** One level of the chain: the input (index 0) or layer i's output (index i). */
class Level {
  readonly element: HTMLElement;
  readonly grid: Grid;
  readonly caption: HTMLElement;
  readonly field: HTMLElement;
  geom: PlaneGeom | null = null;

  constructor(
    readonly index: number,
    cb: { onHover(cell: Cell | null): void; onSelect(cell: Cell): void; onMove(dr: number, dc: number): void },
    head: HTMLElement,
    editor: HTMLElement | null,
  ) {
    this.grid = new Grid(index === 0 ? 'Chain input grid' : `Layer ${index} output grid`, { ...cb, onCamera: () => {} });
    this.caption = h('p', { class: 'pl-chain-caption' });
    this.field = h('p', { class: 'pl-chain-field' });
    this.element = h(
      'section',
      { class: 'pl-chain-level', attrs: { 'data-level': index, 'aria-label': index === 0 ? 'Input' : `Layer ${index}` } },
      head,
      editor,
      this.grid.element,
      this.caption,
      this.field,
    );
  }
}

/** The controls of one layer; always built for its slot, shown while the chain has that many layers. */
class LayerEditor {
  readonly element: HTMLElement;
  readonly title: HTMLElement;
  readonly summary: HTMLElement;
  readonly up: HTMLButtonElement;
  readonly down: HTMLButtonElement;
  readonly remove: HTMLButtonElement;
  private readonly kind: HTMLSelectElement;
  private readonly mode: HTMLSelectElement;
  private readonly vectors = new Map<
    'kernel' | 'stride' | 'padding' | 'dilation' | 'outputSize',
    { row: HTMLElement; box: HTMLElement; inputs: HTMLInputElement[] }
  >();
  private readonly pRow: HTMLElement;
  private readonly p: HTMLInputElement;
  private readonly ceil: { element: HTMLLabelElement; input: HTMLInputElement };
  private readonly countPad: { element: HTMLLabelElement; input: HTMLInputElement };
  private readonly message: HTMLElement;
  private names: readonly string[] = [];
  private layer: ChainLayerState | null = null;

  constructor(
    readonly index: number,
    private readonly cb: { onLayer(i: number, l: ChainLayerState): void; onMove(i: number, delta: -1 | 1): void; onRemove(i: number): void },
  ) {
    const n = index + 1;
    const emit = () => this.emit();
    this.title = h('h3', { class: 'pl-chain-title', text: `Layer ${n}` });
    this.summary = h('span', { class: 'pl-chain-summary' });
    this.up = button({ icon: 'arrow-up', label: `Move layer ${n} earlier`, class: 'pl-icon-button', onClick: () => cb.onMove(index, -1) });
    this.down = button({ icon: 'arrow-down', label: `Move layer ${n} later`, class: 'pl-icon-button', onClick: () => cb.onMove(index, 1) });
    this.remove = button({ icon: 'trash', label: `Remove layer ${n}`, class: 'pl-icon-button', onClick: () => cb.onRemove(index) });
    this.kind = select(
      [
        ['window', 'Window'],
        ['adaptive', 'Adaptive'],
        ['global', 'Global'],
      ],
      `Layer ${n} type`,
      emit,
    );
    this.mode = select(
      [
        ['max', 'Max'],
        ['avg', 'Average'],
        ['lp', 'Lp norm'],
      ],
      `Layer ${n} mode`,
      emit,
    );
    this.message = h('div', { class: 'pl-field-message', attrs: { id: nextId('pl-chain-msg'), role: 'alert' } });
    this.message.hidden = true;
    const rows: HTMLElement[] = [];
    const vector = (key: 'kernel' | 'stride' | 'padding' | 'dilation' | 'outputSize', label: string) => {
      const box = h('div', { class: 'pl-vector' });
      const row = h('div', { class: 'pl-chain-row', attrs: { 'data-param': key } }, h('span', { class: 'pl-chain-label', text: label }), box);
      this.vectors.set(key, { row, box, inputs: [] });
      rows.push(row);
    };
    vector('kernel', 'Kernel');
    vector('stride', 'Stride');
    vector('padding', 'Padding');
    vector('dilation', 'Dilation');
    vector('outputSize', 'Output size');
    this.p = h('input', {
      class: 'pl-input pl-input-small',
      attrs: { type: 'text', inputmode: 'decimal', 'aria-label': `Layer ${n} p`, spellcheck: 'false', autocomplete: 'off' },
    });
    this.p.addEventListener('input', emit);
    this.pRow = h('div', { class: 'pl-chain-row', attrs: { 'data-param': 'p' } }, h('span', { class: 'pl-chain-label', text: 'p' }), this.p);
    this.ceil = checkbox('Ceil mode', emit);
    this.ceil.input.setAttribute('aria-label', `Layer ${n} ceil mode`);
    this.countPad = checkbox('Count padding', emit);
    this.countPad.input.setAttribute('aria-label', `Layer ${n} count padding in the average`);
    this.element = h(
      'div',
      { class: 'pl-chain-editor' },
      h('div', { class: 'pl-chain-selects' }, this.kind, this.mode),
      ...rows,
      this.pRow,
      h('div', { class: 'pl-chain-checks' }, this.ceil.element, this.countPad.element),
      this.message,
    );
  }

  /** The head row of the layer's card: its number, summary and move/remove buttons. */
  head(): HTMLElement {
    return h('div', { class: 'pl-chain-head' }, this.title, this.summary, h('span', { class: 'pl-spacer' }), this.up, this.down, this.remove);
  }

  render(layer: ChainLayerState, count: number, names: readonly string[]): void {
    this.layer = layer;
    if (names.join() !== this.names.join()) this.buildInputs(names);
    setValue(this.kind, layer.kind);
    setValue(this.mode, layer.mode);
    const lpOption = this.mode.querySelector<HTMLOptionElement>('option[value="lp"]');
    if (lpOption) lpOption.disabled = layer.kind !== 'window';
    for (const [key, v] of this.vectors) {
      const values = layer[key];
      for (const [a, input] of v.inputs.entries()) setValue(input, String(values[a] ?? ''));
      const shown = key === 'outputSize' ? layer.kind === 'adaptive' : layer.kind === 'window';
      setHidden(v.row, !shown);
    }
    setValue(this.p, String(layer.p));
    setHidden(this.pRow, !(layer.kind === 'window' && layer.mode === 'lp'));
    this.ceil.input.checked = layer.ceilMode;
    this.countPad.input.checked = layer.countIncludePad;
    setHidden(this.ceil.element, layer.kind !== 'window');
    setHidden(this.countPad.element, !(layer.kind === 'window' && layer.mode === 'avg'));
    setText(this.summary, layerSummary(layer));
    this.up.disabled = this.index === 0;
    this.down.disabled = this.index >= count - 1;
    this.remove.disabled = count <= CHAIN_MIN_LAYERS;
  }

  private buildInputs(names: readonly string[]): void {
    this.names = names.slice();
    const n = this.index + 1;
    for (const [key, v] of this.vectors) {
      const what = key === 'outputSize' ? 'output size' : key;
      v.inputs = names.map((name) => {
        const input = h('input', {
          class: 'pl-input pl-input-small',
          attrs: { type: 'text', inputmode: 'numeric', 'aria-label': `Layer ${n} ${what} ${name}`, spellcheck: 'false', autocomplete: 'off' },
        });
        input.addEventListener('input', () => this.emit());
        return input;
      });
      v.box.replaceChildren(...v.inputs.map((input, a) => h('label', { class: 'pl-dim' }, h('span', { class: 'pl-dim-name', text: names[a]! }), input)));
    }
  }

  /** Reads the controls; text that is not a whole number is flagged here and the layer keeps its old value. */
  private emit(): void {
    const old = this.layer;
    if (!old) return;
    const problems: { key: string; message: string }[] = [];
    const next: ChainLayerState = { ...old, kind: this.kind.value as ChainLayerState['kind'], mode: this.mode.value as ChainLayerState['mode'] };
    if (next.kind !== 'window' && next.mode === 'lp') next.mode = 'max';
    for (const [key, v] of this.vectors) {
      next[key] = v.inputs.map((input, a) => {
        const t = input.value.trim();
        if (/^[+-]?\d+$/.test(t)) return Number(t);
        problems.push({
          key,
          message: `layer ${this.index + 1}: ${key === 'outputSize' ? 'output size' : key} ${this.names[a]}: \u201c${t}\u201d is not a whole number`,
        });
        return old[key][a] ?? 1;
      });
    }
    const p = Number(this.p.value.trim());
    if (this.p.value.trim() === '' || Number.isNaN(p))
      problems.push({ key: 'p', message: `layer ${this.index + 1}: p: \u201c${this.p.value}\u201d is not a number` });
    else next.p = p;
    next.ceilMode = this.ceil.input.checked;
    next.countIncludePad = this.countPad.input.checked;
    if (problems.length) {
      this.showProblem(problems[0]!.message, problems[0]!.key);
      return;
    }
    this.cb.onLayer(this.index, next);
  }

  /** The core's (or the parser's) message at this layer, its control flagged (every control when no parameter is named). */
  showProblem(message: string | null, parameter: string | null = null): void {
    setHidden(this.message, message === null);
    setText(this.message, message ?? '');
    this.element.classList.toggle('pl-invalid', message !== null);
    const controls: [string, HTMLElement][] = [
      ['kind', this.kind],
      ['mode', this.mode],
      ...[...this.vectors].flatMap(([key, v]) => v.inputs.map((i) => [key, i] as [string, HTMLElement])),
      ['p', this.p],
      ['ceilMode', this.ceil.input],
    ];
    const key = parameter === 'spatialDims' ? 'kernel' : parameter;
    const named = controls.some(([k]) => k === key);
    for (const [k, c] of controls) {
      if (message !== null && (k === key || (!named && c instanceof HTMLInputElement && c.type === 'text'))) {
        c.setAttribute('aria-invalid', 'true');
        c.setAttribute('aria-describedby', this.message.id);
      } else {
        c.removeAttribute('aria-invalid');
        c.removeAttribute('aria-describedby');
      }
    }
  }

  /** Focus on the same control of another slot (after a move, the layer moved with the focus). */
  focusMove(delta: -1 | 1): void {
    (delta < 0 ? this.up : this.down).focus();
  }
}

export class ChainView {
  readonly element: HTMLElement;
  private readonly presets: HTMLElement;
  private readonly presetButtons = new Map<ChainPreset, HTMLButtonElement>();
  private readonly add: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly levelsBox: HTMLElement;
  private readonly levels: Level[] = [];
  private readonly editors: LayerEditor[] = [];
  private readonly detail: HTMLElement;
  private readonly tables: HTMLElement;
  private x: ChainInput | null = null;
  /** The layers and selection now (the session's UI state); x.chain is the one last drawn. */
  private chain: ChainState | null = null;
  private hover: Cell | null = null;

  constructor(private readonly cb: ChainCallbacks) {
    this.presets = h(
      'div',
      { class: 'pl-chain-presets', attrs: { role: 'group', 'aria-label': 'Presets' } },
      h('span', { class: 'pl-chain-label', text: 'Start from' }),
    );
    for (const preset of ['panel', 'resnet', 'vgg', 'text'] as const) {
      const b = button({ text: PRESET_LABEL[preset], label: PRESET_TITLE[preset], onClick: () => cb.onPreset(preset) });
      this.presetButtons.set(preset, b);
      this.presets.append(b);
    }
    this.add = button({ icon: 'add', text: 'Add layer', label: 'Add a layer after the last (at most 5)', onClick: () => this.edit((c) => addLayer(c)) });
    const copies = h(
      'div',
      { class: 'pl-chain-copies', attrs: { role: 'group', 'aria-label': 'Copy the chain as code' } },
      ...CODE.map(({ framework, text }) => {
        const b = button({ icon: 'copy', text, label: `Copy the chain as ${text} (${FRAMEWORK_LABEL[framework]})`, onClick: () => this.copy(framework, text) });
        b.setAttribute('aria-label', `Copy as ${text}`);
        return b;
      }),
    );
    this.status = h('p', { class: 'pl-chain-status', attrs: { role: 'status' } });
    const levelCb = (i: number) => ({
      onHover: (cell: Cell | null) => this.onHover(i, cell),
      onSelect: (cell: Cell) => this.onSelectCell(i, cell),
      onMove: (dr: number, dc: number) => this.onMove(i, dr, dc),
    });
    this.levels.push(new Level(0, levelCb(0), h('div', { class: 'pl-chain-head' }, h('h3', { class: 'pl-chain-title', text: 'Input' })), null));
    for (let i = 0; i < CHAIN_MAX_LAYERS; i++) {
      const editor = new LayerEditor(i, {
        onLayer: (j, l) => this.edit((c) => setLayer(c, j, l), true),
        onMove: (j, delta) => {
          this.edit((c) => moveLayer(c, j, delta));
          this.editors[j + delta]?.focusMove(delta);
        },
        onRemove: (j) => {
          this.edit((c) => removeLayer(c, j));
          // The focus stays in the chain: on the next layer's remove button, or the last one's.
          const n = this.chain?.layers.length ?? CHAIN_MIN_LAYERS;
          const target = this.editors[Math.min(j, n - 1)]!;
          (target.remove.disabled ? target.title : target.remove).focus();
        },
      });
      this.editors.push(editor);
      this.levels.push(new Level(i + 1, levelCb(i + 1), editor.head(), editor.element));
    }
    for (const e of this.editors) e.title.tabIndex = -1;
    this.levelsBox = h('div', { class: 'pl-chain-levels' }, ...this.levels.map((l) => l.element));
    this.detail = h('div', { class: 'pl-chain-detail', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.tables = h('div', { class: 'pl-chain-tables' });
    this.element = h(
      'section',
      { class: 'pl-chain', attrs: { role: 'tabpanel', 'aria-label': 'Chain layers' } },
      h('div', { class: 'pl-chain-toolbar' }, this.presets, this.add, h('span', { class: 'pl-spacer' }), copies),
      this.status,
      this.levelsBox,
      this.detail,
      this.tables,
    );
    this.setOpen(false);
  }

  setOpen(open: boolean): void {
    setHidden(this.element, !open);
  }

  refreshTheme(): void {
    for (const l of this.levels) l.grid.refreshTheme();
  }

  /** The grid of a level: 0 the input, i layer i's output (tests find cells through it). */
  gridOf(level: number): Grid {
    return this.levels[Math.max(0, Math.min(this.levels.length - 1, level))]!.grid;
  }

  showMessage(text: string): void {
    this.x = null;
    this.setPending(false);
    setText(this.status, text);
    setHidden(this.levelsBox, true);
    setText(this.detail, '');
    this.tables.replaceChildren();
  }

  /** Work under way in the worker: the last good grids stay, dimmed, until the new ones come. */
  setPending(on: boolean): void {
    this.element.classList.toggle('pl-pending', on);
    this.levelsBox.setAttribute('aria-busy', String(on));
  }

  /** The layers now (edited, or restored): the controls follow at once, the grids when the worker answers. */
  setChain(chain: ChainState, axisNames: readonly string[]): void {
    this.chain = chain;
    const n = chain.layers.length;
    const presets = presetsFor(axisNames.length);
    for (const [p, b] of this.presetButtons) setHidden(b, !presets.includes(p));
    this.add.disabled = n >= CHAIN_MAX_LAYERS;
    for (let i = 0; i < CHAIN_MAX_LAYERS; i++) {
      const on = i < n;
      setHidden(this.levels[i + 1]!.element, !on);
      if (on) this.editors[i]!.render(chain.layers[i]!, n, axisNames);
    }
  }

  update(x: ChainInput): void {
    this.x = x;
    this.setPending(false);
    const { chain, result } = x;
    const n = chain.layers.length;
    setHidden(this.levelsBox, false);
    this.setChain(this.chain ?? chain, x.axisNames);
    const { problem } = result;
    for (let i = 0; i < n; i++) {
      const at = problem && (problem.layer === i + 1 || (problem.layer === null && i === 0));
      this.editors[i]!.showProblem(at ? problem.message : null, at ? problem.parameter : null);
    }
    const inShape = result.blockShape;
    const planes = inShape[0] ?? 1;
    setText(
      this.status,
      problem
        ? `No chain output: ${problem.message}.`
        : `${n} layers on ${formatShape(inShape.slice(1))}${planes > 1 ? ` (${planes} planes; plane ${result.plane} shown)` : ''}: ${[inShape.slice(1), ...result.fields.map((f) => f.outShape.slice(1))].map((s) => formatShape(s)).join(' \u2192 ')}. Select a cell of the last output (click, or focus its grid and use the arrow keys).`,
    );
    for (let i = 0; i <= n; i++) {
      const shown = result.levels[i];
      if (shown) this.drawLevel(i, shown.shape, shown.raster);
      else {
        const level = this.levels[i]!;
        level.geom = null;
        level.grid.setContent(null);
        level.grid.setEmptyText(problem && (problem.layer === i || problem.layer === null) ? 'No output: fix this layer' : 'No output: fix an earlier layer');
        setText(level.caption, '');
      }
    }
    const before = JSON.stringify(this.selected());
    this.clampSelection();
    this.renderTables();
    this.updateOverlays();
    // A clamped selection feeds other depths (3 axes): the session asks for them.
    if (JSON.stringify(this.selected()) !== before) this.cb.onSelect(this.selected());
  }

  private drawLevel(index: number, shape: readonly number[], raster: Raster): void {
    const x = this.x!;
    const level = this.levels[index]!;
    const spatial = shape.slice(1);
    const g = planeGeom(spatial);
    level.geom = g;
    const depth = this.depthAt(index);
    const worker = x.worker;
    const content: GridContent = {
      rows: raster.rows,
      cols: raster.cols,
      raster,
      decimals: x.result.decimals,
      gridLinesFrom: 6,
      patch: (req) => worker.patch(req),
    };
    level.grid.setContent(content);
    const layer = index === 0 ? null : x.chain.layers[index - 1]!;
    const depthNote = spatial.length === 3 ? ` \u00b7 depth ${depth} of ${g.depthCount}` : '';
    setText(level.caption, `${layer ? `Output of ${layerSummary(layer)}` : 'Input'} \u00b7 ${formatShape(spatial)}${depthNote}`);
  }

  // ---------- selection ----------

  private lastLevel(): number {
    return this.x?.chain.layers.length ?? 0;
  }

  /** The selected cell of the last output (the current chain's). */
  private selected(): number[] | null {
    return this.chain?.selected ?? null;
  }

  /** The depth slice a level's grid shows (the worker rendered the depths the session asked for). */
  private depthAt(level: number): number {
    return this.x?.result.depths[level] ?? 0;
  }

  private trace(): number[][][] | null {
    const x = this.x;
    const sel = this.selected();
    if (!x || !sel || x.result.problem) return null;
    try {
      return traceCell(x.result.blockShape, toChainLayers(x.chain), sel);
    } catch {
      return null;
    }
  }

  private lastSpatial(): number[] | null {
    const x = this.x;
    if (!x || x.result.problem || !x.result.fields.length) return null;
    return x.result.fields[x.result.fields.length - 1]!.outShape.slice(1);
  }

  private clampSelection(): void {
    const chain = this.chain;
    const sel = chain?.selected;
    const shape = this.lastSpatial();
    if (!chain || !sel || !shape) return;
    if (sel.length !== shape.length) {
      chain.selected = null;
      return;
    }
    chain.selected = sel.map((v, a) => Math.max(0, Math.min((shape[a] ?? 1) - 1, v)));
  }

  private cellOf(level: number, cell: Cell): number[] {
    const d = this.x?.axisNames.length ?? 2;
    const depth = this.depthAt(level);
    return d === 1 ? [cell.c] : d === 2 ? [cell.r, cell.c] : [depth, cell.r, cell.c];
  }

  private select(cell: number[] | null): void {
    const chain = this.chain;
    if (!this.x || !chain) return;
    chain.selected = cell;
    this.updateOverlays();
    // With 3 axes the grids show the depths feeding the cell: the session asks the worker for them.
    this.cb.onSelect(cell);
  }

  private onSelectCell(level: number, cell: Cell): void {
    if (level !== this.lastLevel() || !this.lastSpatial()) return;
    this.select(this.cellOf(level, cell));
  }

  private onHover(level: number, cell: Cell | null): void {
    this.hover = level === this.lastLevel() ? cell : null;
    this.updateOverlays();
  }

  private onMove(level: number, dr: number, dc: number): void {
    const shape = this.lastSpatial();
    const x = this.x;
    if (!x || level !== this.lastLevel() || !shape) return;
    const g = planeGeom(shape);
    const cur = this.selected();
    if (!cur) {
      this.select(shape.map(() => 0));
      return;
    }
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
    const step = (v: number, dv: number, n: number) => (dv === Infinity ? n - 1 : dv === -Infinity ? 0 : clamp(v + dv, n));
    const d = shape.length;
    const next = cur.slice();
    next[d - 1] = step(cur[d - 1]!, dc, g.cols);
    if (d >= 2) next[d - 2] = step(cur[d - 2]!, dr, g.rows);
    this.select(next);
    const { r, c } = d === 1 ? { r: 0, c: next[0]! } : { r: next[d - 2]!, c: next[d - 1]! };
    this.levels[level]!.grid.ensureVisible(r, c);
  }

  /** Highlights the cells feeding the selected cell in every earlier level, and says where they are. */
  private updateOverlays(): void {
    const x = this.x;
    const last = this.lastLevel();
    const trace = this.trace();
    const sel = this.selected();
    for (const level of this.levels) {
      if (level.index > last) continue;
      const fed = trace?.[level.index];
      const isLast = level.index === last;
      const selCell = isLast && sel ? (sel.length === 1 ? { r: 0, c: sel[0]! } : { r: sel[sel.length - 2]!, c: sel[sel.length - 1]! }) : null;
      level.grid.setOverlay({
        highlight: fed ? fedToHighlight(fed, this.depthAt(level.index)) : null,
        selected: selCell,
        hover: isLast ? this.hover : null,
      });
      setText(level.field, fed ? `Feeds the selected cell: ${describeCells(fed, x!.axisNames)}` : isLast && sel ? `Selected: output ${formatIndex(sel)}` : '');
    }
    this.renderDetail(trace);
  }

  private renderDetail(trace: number[][][] | null): void {
    const x = this.x;
    const sel = this.selected();
    if (!x || x.result.problem || !sel || !trace) {
      setText(this.detail, x && !x.result.problem ? 'Select a cell of the last output to see its receptive field in every layer and in the input.' : '');
      return;
    }
    const last = this.lastLevel();
    const f = x.result.fields[x.result.fields.length - 1]!;
    const { r, c } = sel.length === 1 ? { r: 0, c: sel[0]! } : { r: sel[sel.length - 2]!, c: sel[sel.length - 1]! };
    // The grid shows the selected cell's depth once the worker has rendered it; until then "…".
    const atDepth = sel.length !== 3 || sel[0] === this.depthAt(last);
    const grid = this.levels[last]!.grid;
    const shown = atDepth ? grid.valueAt(r, c) : NaN;
    // The field by the closed form start + t·jump … + size − 1 (padding included), then the cells in the input.
    const spans = sel.map((t, a) => {
      const lo = f.start[a]! + t * f.jump[a]!;
      return `${x.axisNames[a]} ${lo}\u2026${lo + f.size[a]! - 1}`;
    });
    const closed = fieldSteps(x.result.blockShape, toChainLayers(x.chain), x.result.fields).every((l) => l.every((s) => s.closed));
    const write = (value: number, reading: boolean) =>
      this.detail.replaceChildren(
        h('span', {
          class: 'pl-chain-detail-head',
          text: `Output ${formatIndex(sel)} of layer ${last} = ${reading ? '\u2026' : formatNumber(value, x.result.decimals)}`,
        }),
        h('span', {
          text: closed
            ? `Its receptive field is start + index\u00b7jump for size cells per axis: ${spans.join(', ')} (padding included); in the input: ${describeCells(trace[0]!, x.axisNames)}.`
            : `In the input (uneven adaptive bins, walked bin by bin): ${describeCells(trace[0]!, x.axisNames)}.`,
        }),
      );
    const raster = grid.getContent()?.raster;
    const missing = !atDepth || (raster !== undefined && !raster.values && Number.isNaN(shown));
    write(shown, missing);
    // A level too big to send whole has only the zoomed-in cells here: the worker reads the others.
    if (missing && atDepth && raster) {
      void x.worker.cellValues([{ source: raster.source, frame: raster.frame, r, c }]).then(
        ([v]) => {
          const now = this.selected();
          if (this.x !== x || !now || now.join() !== sel.join() || v === null || v === undefined) return;
          write(v, false);
        },
        () => {},
      );
    }
  }

  /** Per axis, every layer's receptive-field recurrence with its numbers filled in (chainInfo's values). */
  private renderTables(): void {
    const x = this.x;
    if (!x?.result.fields.length) {
      this.tables.replaceChildren();
      return;
    }
    // On a problem, the layers before it.
    const layers = toChainLayers(x.chain).slice(0, x.result.fields.length);
    const steps = fieldSteps(x.result.blockShape, layers, x.result.fields);
    const tables = x.axisNames.map((name, a) => {
      const head = h(
        'tr',
        {},
        h('th', { text: 'Layer', attrs: { scope: 'col' } }),
        h('th', { text: 'size r = r_in + (k \u2212 1)\u00b7d\u00b7j_in', attrs: { scope: 'col' } }),
        h('th', { text: 'jump j = j_in\u00b7s', attrs: { scope: 'col' } }),
        h('th', { text: 'start = start_in \u2212 p\u00b7j_in', attrs: { scope: 'col' } }),
      );
      const input = h('tr', {}, h('th', { text: 'Input', attrs: { scope: 'row' } }), h('td', { text: '1' }), h('td', { text: '1' }), h('td', { text: '0' }));
      const rows = steps.map((perAxis, i) => {
        const s = perAxis[a]!;
        return h(
          'tr',
          {},
          h('th', { text: `${i + 1} \u00b7 ${layerSummary(x.chain.layers[i]!)}`, attrs: { scope: 'row' } }),
          ...stepCells(s).map((t) => h('td', { text: t })),
        );
      });
      return h(
        'table',
        { class: 'pl-chain-table', attrs: { 'data-axis': name } },
        h('caption', { text: `Receptive field along ${name} (input cells)` }),
        h('thead', {}, head),
        h('tbody', {}, input, ...rows),
      );
    });
    this.tables.replaceChildren(...tables);
  }

  // ---------- editing and copying ----------

  /** Applies an edit to the current chain. `keepSelection`: a parameter edit (the selection is clamped, not dropped). */
  private edit(fn: (c: ChainState) => ChainState, keepSelection = false): void {
    const chain = this.chain;
    if (!chain) return;
    const next = fn(chain);
    if (next === chain) return;
    this.cb.onChange(keepSelection ? next : { ...next, selected: null });
  }

  private copy(framework: Framework, text: string): void {
    const x = this.x;
    if (!x) return;
    const { result } = x;
    const dtype = result.dtype;
    const input = result.values ? ({ kind: 'values', values: result.values, dtype } as const) : ({ kind: 'npy', path: x.npyPath, dtype } as const);
    try {
      this.cb.onCopy(text, chainToCode(result.blockShape, toChainLayers(this.chain ?? x.chain), framework, input));
    } catch (e) {
      setText(this.status, `Cannot copy as ${text}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
/** The texts of one recurrence step: size, jump, start with the numbers substituted. */
export function stepCells(s: FieldStep): [string, string, string] {
  const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/0+$/, ''));
  const neg = (v: number) => (v < 0 ? `(${n(v)})` : n(v));
  if (!s.closed) return [`largest bin: ${n(s.r)}`, `mean step: ${n(s.j)}`, n(s.start)];
  return [
    `${n(s.rIn)} + (${n(s.k)} \u2212 1)\u00b7${n(s.d)}\u00b7${n(s.jIn)} = ${n(s.r)}`,
    `${n(s.jIn)}\u00b7${n(s.s)} = ${n(s.j)}`,
    `${neg(s.startIn)} \u2212 ${n(s.p)}\u00b7${n(s.jIn)} = ${n(s.start)}`,
  ];
}

/** "H 0–4 × W 2–6 (25 cells)", dilation gaps listed ("W 0, 2, 4"). */
export function describeCells(perAxis: readonly (readonly number[])[], names: readonly string[]): string {
  const part = (xs: readonly number[], a: number) => {
    const name = names[a] ?? `axis ${a}`;
    if (xs.length === 0) return `${name} none`;
    const first = xs[0]!;
    const last = xs[xs.length - 1]!;
    const contiguous = last - first + 1 === xs.length;
    if (contiguous) return first === last ? `${name} ${first}` : `${name} ${first}\u2013${last}`;
    return xs.length <= 8 ? `${name} ${xs.join(', ')}` : `${name} ${first}\u2013${last} (${xs.length} of them)`;
  };
  const count = perAxis.reduce((p, xs) => p * xs.length, 1);
  return `${perAxis.map(part).join(' \u00d7 ')} (${count} cell${count === 1 ? '' : 's'})`;
}
