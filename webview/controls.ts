// The parameter form: every core option, the convention selector with its defaults,
// and the output-size formula. It parses what the user typed; values that are not
// numbers are flagged here, everything else is judged by the core (see compute.ts)
// and its message is shown at the control it names.
import type { Convention } from '../src/protocol';
import type { PoolMode } from '../src/core/types';
import { button, h } from './dom';
import { checkbox, Field, select, setValue, VectorInput } from './fields';
import type { Problem } from './compute';
import { applyConvention, CONVENTION_INFO, CONVENTIONS, effectiveStride, type Params } from './state';

export interface FormCallbacks {
  /** A new parameter set; `problems` lists fields that could not be read (their old value is kept). */
  onChange(params: Params, problems: Problem[]): void;
}

const MODE_LABELS: Record<PoolMode, string> = { max: 'Max', min: 'Min', avg: 'Average', sum: 'Sum', lp: 'Lp norm' };

/** Parameter names used by the core (and by PyTorch/ONNX) mapped to this form's fields. */
const PARAM_ALIASES: Record<string, string> = {
  kernel_size: 'kernel',
  kernelSize: 'kernel',
  pool_size: 'kernel',
  kernel_shape: 'kernel',
  strides: 'stride',
  pads: 'padding',
  auto_pad: 'padding',
  dilations: 'dilation',
  ceil_mode: 'ceilMode',
  count_include_pad: 'countIncludePad',
  divisor_override: 'divisorOverride',
  norm_type: 'p',
  output_size: 'outputSize',
};

/** The axis a problem is about: given by the form, or named by the core as `stride[1]`; null if none. */
export function problemAxis(p: Problem): number | null {
  if (p.axis !== undefined) return p.axis;
  const m = /\b[A-Za-z_]+\[(\d+)\]/.exec(p.message);
  return m ? Number(m[1]) : null;
}

export function fieldKeyFor(parameter: string | null): string | null {
  if (parameter === null) return null;
  return PARAM_ALIASES[parameter] ?? parameter;
}

type Parsed = { ok: true; value: number | null } | { ok: false; message: string };

function parseInteger(text: string, what: string, allowEmpty: boolean): Parsed {
  if (text === '') return allowEmpty ? { ok: true, value: null } : { ok: false, message: `${what} is empty: enter a whole number.` };
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, message: `${what}: \u201c${text}\u201d is not a whole number.` };
  return { ok: true, value: Number(text) };
}

export class ParamsForm {
  readonly element: HTMLElement;
  private params: Params | null = null;
  private names: readonly string[] = [];

  private readonly fields = new Map<string, Field>();
  private readonly general: HTMLDivElement;
  private readonly convention: HTMLSelectElement;
  private readonly conventionHint: HTMLDivElement;
  private readonly conventionNotes: HTMLUListElement;
  private notesFor: Convention | null = null;
  private readonly kind: HTMLSelectElement;
  private readonly mode: HTMLSelectElement;
  private readonly p: HTMLInputElement;
  private readonly kernel: VectorInput;
  private readonly stride: VectorInput;
  private readonly padMode: HTMLSelectElement;
  private readonly padding: VectorInput;
  private readonly dilation: VectorInput;
  private readonly ceil: HTMLInputElement;
  private readonly includePad: HTMLInputElement;
  private readonly divisor: HTMLInputElement;
  private readonly outputSize: VectorInput;

  constructor(private readonly callbacks: FormCallbacks) {
    const field = (key: string, label: string, hint?: string, group = false) => {
      const f = new Field(key, label, hint, group);
      this.fields.set(key, f);
      return f;
    };
    const emit = () => this.emit();

    const fConv = field('convention', 'Convention');
    this.convention = select(
      CONVENTIONS.map((c) => [c, CONVENTION_INFO[c].label] as const),
      'Convention',
      (v) => this.setConvention(v as Convention),
    );
    const reset = button({
      icon: 'discard',
      label: 'Apply this convention\u2019s defaults',
      class: 'pl-icon-button',
      onClick: () => this.setConvention(this.convention.value as Convention),
    });
    fConv.body.append(this.convention, reset);
    fConv.register(this.convention);
    this.conventionHint = h('div', { class: 'pl-field-hint' });
    this.conventionNotes = h('ul', { class: 'pl-notes-list' });
    const notes = h('details', { class: 'pl-notes' }, h('summary', { text: 'Defaults and quirks' }), this.conventionNotes);
    fConv.element.insertBefore(this.conventionHint, fConv.message);
    fConv.element.insertBefore(notes, fConv.message);

    const fKind = field('kind', 'Pooling');
    this.kind = select(
      [
        ['window', 'Window (kernel, stride)'],
        ['adaptive', 'Adaptive (output size)'],
        ['global', 'Global'],
      ],
      'Pooling type',
      emit,
    );
    fKind.body.append(this.kind);
    fKind.register(this.kind);

    const fMode = field('mode', 'Mode');
    this.mode = select(
      (Object.keys(MODE_LABELS) as PoolMode[]).map((m) => [m, MODE_LABELS[m]] as const),
      'Mode',
      emit,
    );
    fMode.body.append(this.mode);
    fMode.register(this.mode);

    const fP = field('p', 'p (norm)', 'A number or inf');
    this.p = h('input', { class: 'pl-input pl-input-small', attrs: { type: 'text', 'aria-label': 'p, the norm', inputmode: 'decimal', spellcheck: 'false' } });
    this.p.addEventListener('input', emit);
    fP.body.append(this.p);
    fP.register(this.p);

    this.kernel = new VectorInput(field('kernel', 'Kernel', undefined, true), 'Kernel', 'number', emit);
    this.stride = new VectorInput(field('stride', 'Stride', 'Empty: the convention\u2019s default', true), 'Stride', 'number', emit);

    const fPad = field('padding', 'Padding', 'One number pads both sides; two, such as 0,1, pad before and after.', true);
    this.padMode = select(
      [
        ['explicit', 'Explicit'],
        ['valid', 'valid (none)'],
        ['same', 'same (extra at end)'],
        ['same-lower', 'same-lower (extra at start)'],
      ],
      'Padding mode',
      emit,
    );
    fPad.body.append(this.padMode);
    this.padding = new VectorInput(fPad, 'Padding', 'text', emit);

    this.dilation = new VectorInput(field('dilation', 'Dilation', undefined, true), 'Dilation', 'number', emit);

    const fCeil = field('ceilMode', 'Rounding');
    const ceil = checkbox('Ceil mode', emit);
    this.ceil = ceil.input;
    fCeil.body.append(ceil.element);
    fCeil.register(this.ceil);

    const fInc = field('countIncludePad', 'Average divisor');
    const inc = checkbox('Count padding (count_include_pad)', emit);
    this.includePad = inc.input;
    fInc.body.append(inc.element);
    fInc.register(this.includePad);

    const fDiv = field('divisorOverride', 'Divisor override', 'Empty: none');
    this.divisor = h('input', { class: 'pl-input pl-input-small', attrs: { type: 'number', 'aria-label': 'Divisor override', spellcheck: 'false' } });
    this.divisor.addEventListener('input', emit);
    fDiv.body.append(this.divisor);
    fDiv.register(this.divisor);

    this.outputSize = new VectorInput(field('outputSize', 'Output size', 'Empty: keep that size', true), 'Output size', 'number', emit);

    this.general = h('div', { class: 'pl-general-error', attrs: { role: 'alert' } });
    this.general.hidden = true;

    this.element = h('div', { class: 'pl-form' }, ...[...this.fields.values()].map((f) => f.element), this.general);
  }

  /** Shows `params` (without touching an input the user is typing in). */
  render(params: Params, dimNames: readonly string[]): void {
    this.params = params;
    this.names = dimNames;
    for (const v of [this.kernel, this.stride, this.padding, this.dilation, this.outputSize]) v.setDims(dimNames);
    setValue(this.convention, params.convention);
    this.conventionHint.textContent = CONVENTION_INFO[params.convention].summary;
    if (this.notesFor !== params.convention) {
      this.notesFor = params.convention;
      this.conventionNotes.replaceChildren(...CONVENTION_INFO[params.convention].notes.map((n) => h('li', { text: n })));
    }
    setValue(this.kind, params.kind);
    setValue(this.mode, params.mode);
    setValue(this.p, params.p === Infinity ? 'inf' : String(params.p));
    this.kernel.setValues(params.kernel.map(String));
    this.stride.setValues(params.stride ? params.stride.map(String) : dimNames.map(() => ''));
    this.stride.setPlaceholders(effectiveStride({ ...params, stride: null }).map(String));
    const auto = typeof params.padding === 'string';
    setValue(this.padMode, auto ? (params.padding as string) : 'explicit');
    this.padding.setValues(
      auto
        ? dimNames.map(() => '')
        : (params.padding as (number | [number, number])[]).map((q) => (Array.isArray(q) ? (q[0] === q[1] ? String(q[0]) : `${q[0]},${q[1]}`) : String(q))),
    );
    this.padding.setPlaceholders(dimNames.map(() => '0'));
    for (const i of this.padding.inputs) i.disabled = auto;
    this.dilation.setValues(params.dilation.map(String));
    this.ceil.checked = params.ceilMode;
    this.includePad.checked = params.countIncludePad;
    setValue(this.divisor, params.divisorOverride === null ? '' : String(params.divisorOverride));
    this.outputSize.setValues(params.outputSize.map((o) => (o === null ? '' : String(o))));

    const win = params.kind === 'window';
    const show = (key: string, on: boolean) => this.fields.get(key)!.setVisible(on);
    show('p', params.mode === 'lp');
    for (const k of ['kernel', 'stride', 'padding', 'dilation', 'ceilMode']) show(k, win);
    show('countIncludePad', win && params.mode === 'avg');
    show('divisorOverride', win && params.mode === 'avg');
    show('outputSize', params.kind === 'adaptive');
  }

  /**
   * Flags each problem at its control (only the axis at fault when it names one: an error in
   * Kernel H leaves Kernel W alone); problems without a control go to a general line.
   */
  showProblems(problems: readonly Problem[]): void {
    const byField = new Map<string, string[]>();
    const axesOf = new Map<string, Set<number> | null>();
    const general: string[] = [];
    for (const p of problems) {
      const key = fieldKeyFor(p.parameter);
      const f = key ? this.fields.get(key) : undefined;
      if (f && !f.element.hidden) {
        byField.set(f.key, [...(byField.get(f.key) ?? []), p.message]);
        const axis = problemAxis(p);
        const prev = axesOf.has(f.key) ? axesOf.get(f.key)! : new Set<number>();
        axesOf.set(f.key, prev === null || axis === null ? null : prev.add(axis));
      } else general.push(p.message);
    }
    for (const f of this.fields.values()) f.setProblem(byField.get(f.key)?.join(' ') ?? null, axesOf.get(f.key) ?? null);
    this.general.hidden = general.length === 0;
    this.general.textContent = general.join(' ');
  }

  /** Shows at its control what the convention cannot express (computed all the same); null clears. */
  showConventionGap(gap: Problem | null): void {
    const key = gap ? fieldKeyFor(gap.parameter) : null;
    const target = key && this.fields.get(key) && !this.fields.get(key)!.element.hidden ? key : 'convention';
    const label = this.params ? CONVENTION_INFO[this.params.convention].label : '';
    for (const f of this.fields.values()) {
      f.setNote(gap && f.key === target ? `${gap.message}. Computed here all the same; copying it as ${label} code is refused.` : null);
    }
  }

  private setConvention(c: Convention): void {
    if (!this.params) return;
    this.callbacks.onChange(applyConvention(this.params, c), []);
  }

  /** Reads every field; unreadable ones keep their previous value and are reported. */
  private emit(): void {
    const base = this.params;
    if (!base) return;
    const problems: Problem[] = [];
    const names = this.names;
    const ints = (texts: string[], what: string, key: string, allowEmpty: boolean, previous: readonly (number | null)[]) =>
      texts.map((t, i) => {
        const r = parseInteger(t, `${what} ${names[i] ?? i}`, allowEmpty);
        if (r.ok) return r.value;
        problems.push({ message: r.message, parameter: key, axis: i });
        return previous[i] ?? null;
      });

    const next: Params = { ...base, kind: this.kind.value as Params['kind'], mode: this.mode.value as PoolMode };
    next.kernel = ints(this.kernel.read(), 'Kernel', 'kernel', false, base.kernel).map((v) => v ?? 1);

    const strideTexts = this.stride.read();
    if (strideTexts.every((t) => t === '')) next.stride = null;
    else {
      const defaults = effectiveStride({ ...next, stride: null });
      next.stride = ints(strideTexts, 'Stride', 'stride', true, base.stride ?? defaults).map((v, i) => v ?? defaults[i]!);
    }

    if (this.padMode.value !== 'explicit') next.padding = this.padMode.value as Params['padding'];
    else {
      const pairs = this.padding.read().map((t, i) => {
        const parts = t === '' ? ['0'] : t.split(/[\s,]+/).filter((s) => s !== '');
        if (parts.length < 1 || parts.length > 2) {
          problems.push({
            message: `Padding ${names[i] ?? i}: enter one number for both sides, or two (before, after) such as 0,1.`,
            parameter: 'padding',
            axis: i,
          });
          return [0, 0] as [number, number];
        }
        const vals = parts.map((s) => parseInteger(s, `Padding ${names[i] ?? i}`, false));
        const bad = vals.find((v) => !v.ok);
        if (bad && !bad.ok) {
          problems.push({ message: bad.message, parameter: 'padding', axis: i });
          return [0, 0] as [number, number];
        }
        const nums = vals.map((v) => (v.ok ? (v.value ?? 0) : 0));
        return [nums[0]!, nums[1] ?? nums[0]!] as [number, number];
      });
      next.padding = pairs.every(([a, b]) => a === b) ? pairs.map(([a]) => a) : pairs;
    }

    next.dilation = ints(this.dilation.read(), 'Dilation', 'dilation', true, base.dilation).map((v) => v ?? 1);
    next.ceilMode = this.ceil.checked;
    next.countIncludePad = this.includePad.checked;
    const div = parseInteger(this.divisor.value.trim(), 'Divisor override', true);
    if (div.ok) next.divisorOverride = div.value;
    else if (next.mode === 'avg') problems.push({ message: div.message, parameter: 'divisorOverride' });

    const pText = this.p.value.trim().toLowerCase();
    if (pText === 'inf' || pText === '\u221e' || pText === 'infinity') next.p = Infinity;
    else if (pText !== '' && Number.isFinite(Number(pText))) next.p = Number(pText);
    else if (next.mode === 'lp') problems.push({ message: `p: \u201c${this.p.value.trim()}\u201d is not a number (or inf).`, parameter: 'p' });

    next.outputSize = ints(this.outputSize.read(), 'Output size', 'outputSize', true, base.outputSize);
    this.callbacks.onChange(next, problems);
  }
}
