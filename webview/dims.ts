// The Dimensions section: which axes are spatial (1 to 3), the index along every
// other axis (batch, channel) as a slider, the depth slice shown for 3-D pooling,
// channels-last and picture toggles.
import { h, setHidden, setText } from './dom';
import { checkbox } from './fields';
import { formatShape } from './format';
import { isChannelsLast } from './layout';

export interface DimsCallbacks {
  onSpatialAxes(axes: number[]): void;
  onIndex(axis: number, index: number): void;
  onDepth(grid: 'input' | 'output', depth: number): void;
  onPicture(on: boolean): void;
}

export interface DimsModel {
  shape: readonly number[];
  spatialAxes: readonly number[];
  indices: readonly number[];
  /** 3 spatial dims: depth shown and the depth count, for input and output (output null when unknown). */
  depth: { input: number; inputCount: number; output: number; outputCount: number | null } | null;
  pictureAvailable: boolean;
  picture: boolean;
  /** The axis shown as colour channels in picture mode (its slider then picks the channel the numbers show). */
  channelAxis: number | null;
}

interface Slider {
  row: HTMLElement;
  input: HTMLInputElement;
  value: HTMLElement;
}

function slider(label: string, max: number, onInput: (v: number) => void): Slider {
  const input = h('input', { class: 'pl-slider', attrs: { type: 'range', min: 0, max, step: 1, 'aria-label': label } });
  const value = h('span', { class: 'pl-slider-value', attrs: { 'aria-hidden': 'true' } });
  input.addEventListener('input', () => onInput(Number(input.value)));
  const row = h('div', { class: 'pl-slider-row' }, input, value);
  return { row, input, value };
}

export class DimsPanel {
  readonly element: HTMLElement;
  private key = '';
  private axisSliders = new Map<number, Slider>();
  private axisChecks = new Map<number, HTMLInputElement>();
  private depthIn: Slider | null = null;
  private depthOut: Slider | null = null;
  private channelsLast: HTMLInputElement | null = null;
  private readonly picture: { element: HTMLLabelElement; input: HTMLInputElement };
  private readonly list: HTMLDivElement;
  private model: DimsModel | null = null;

  constructor(private readonly callbacks: DimsCallbacks) {
    this.list = h('div', { class: 'pl-axes' });
    this.picture = checkbox('Show as picture (RGB)', (on) => this.callbacks.onPicture(on));
    this.element = h('div', { class: 'pl-dims' }, this.list, this.picture.element);
  }

  render(m: DimsModel): void {
    this.model = m;
    const key = `${m.shape.join(',')}|${m.spatialAxes.join(',')}|${m.depth ? `${m.depth.inputCount},${m.depth.outputCount}` : ''}|${m.channelAxis}`;
    if (key !== this.key) this.build(m);
    this.key = key;
    for (const [axis, s] of this.axisSliders) {
      const v = String(m.indices[axis] ?? 0);
      if (s.input.value !== v) s.input.value = v;
      setText(s.value, `${v} / ${(m.shape[axis] ?? 1) - 1}`);
    }
    for (const [axis, c] of this.axisChecks) c.checked = m.spatialAxes.includes(axis);
    if (this.channelsLast) this.channelsLast.checked = isChannelsLast(m.shape, m.spatialAxes);
    if (m.depth && this.depthIn) {
      this.depthIn.input.value = String(m.depth.input);
      setText(this.depthIn.value, `${m.depth.input} / ${m.depth.inputCount - 1}`);
    }
    if (m.depth && this.depthOut && m.depth.outputCount !== null) {
      this.depthOut.input.max = String(Math.max(0, m.depth.outputCount - 1));
      this.depthOut.input.value = String(m.depth.output);
      setText(this.depthOut.value, `${m.depth.output} / ${m.depth.outputCount - 1}`);
    }
    setHidden(this.picture.element, !m.pictureAvailable);
    this.picture.input.checked = m.picture;
  }

  private build(m: DimsModel): void {
    this.axisSliders.clear();
    this.axisChecks.clear();
    this.depthIn = this.depthOut = this.channelsLast = null;
    const rows: HTMLElement[] = [];
    const n = m.shape.length;
    if (n >= 2) {
      rows.push(h('div', { class: 'pl-field-hint', text: `Shape ${formatShape(m.shape)}. Tick the spatial axes (1 to 3); pick an index along the others.` }));
    }
    for (let a = 0; a < n; a++) {
      const size = m.shape[a]!;
      const spatial = m.spatialAxes.includes(a);
      const check = checkbox(`axis ${a} \u00b7 ${size}${a === m.channelAxis ? ' (channels)' : ''}`, (on) => this.toggleAxis(a, on));
      check.input.setAttribute('aria-label', `Axis ${a} (size ${size}) is spatial`);
      // Keep 1 to 3 spatial axes: the last one cannot be unticked, a fourth cannot be ticked.
      check.input.disabled = n === 1 || (spatial ? m.spatialAxes.length === 1 : m.spatialAxes.length >= 3);
      this.axisChecks.set(a, check.input);
      const row = h('div', { class: 'pl-axis' }, check.element);
      if (!spatial) {
        const s = slider(`Index along axis ${a}`, Math.max(0, size - 1), (v) => this.callbacks.onIndex(a, v));
        s.input.disabled = size <= 1;
        this.axisSliders.set(a, s);
        row.append(s.row);
      }
      rows.push(row);
    }
    if (n >= 3) {
      const cl = checkbox('Channels last (H, W, C)', (on) => this.toggleChannelsLast(on));
      this.channelsLast = cl.input;
      rows.push(cl.element);
    }
    if (m.depth) {
      this.depthIn = slider('Input depth slice', Math.max(0, m.depth.inputCount - 1), (v) => this.callbacks.onDepth('input', v));
      this.depthOut = slider('Output depth slice', Math.max(0, (m.depth.outputCount ?? 1) - 1), (v) => this.callbacks.onDepth('output', v));
      rows.push(
        h('div', { class: 'pl-field-label', text: 'Input depth' }),
        this.depthIn.row,
        h('div', { class: 'pl-field-label', text: 'Output depth' }),
        this.depthOut.row,
      );
    }
    this.list.replaceChildren(...rows);
  }

  private toggleAxis(axis: number, on: boolean): void {
    const m = this.model;
    if (!m) return;
    const set = new Set(m.spatialAxes);
    if (on) set.add(axis);
    else set.delete(axis);
    const axes = [...set].sort((a, b) => a - b);
    if (axes.length >= 1 && axes.length <= 3) this.callbacks.onSpatialAxes(axes);
  }

  private toggleChannelsLast(on: boolean): void {
    const m = this.model;
    if (!m) return;
    const n = m.shape.length;
    const d = Math.min(m.spatialAxes.length, n - 1);
    const first = on ? n - 1 - d : n - d;
    this.callbacks.onSpatialAxes(Array.from({ length: d }, (_, i) => first + i));
  }
}
