// Form fields with a label, an error message slot (aria-invalid + aria-describedby),
// and per-dimension inputs. Used by the parameter form.
import { h, nextId, setHidden, setText } from './dom';

/** A labelled group of controls with a message line for the core's error. */
export class Field {
  readonly element: HTMLDivElement;
  readonly body: HTMLDivElement;
  readonly message: HTMLDivElement;
  /** A remark that is not an error (e.g. the framework cannot express this value). */
  readonly note: HTMLDivElement;
  readonly labelId: string;
  private controls: HTMLElement[] = [];

  /** `group`: the field holds several controls (one per dimension) named by the field's label. */
  constructor(
    readonly key: string,
    label: string,
    hint?: string,
    group = false,
  ) {
    this.labelId = nextId('pl-label');
    const messageId = nextId('pl-msg');
    this.body = h('div', { class: 'pl-field-body', attrs: group ? { role: 'group', 'aria-labelledby': this.labelId } : {} });
    this.message = h('div', { class: 'pl-field-message', attrs: { id: messageId, role: 'alert' } });
    this.message.hidden = true;
    this.note = h('div', { class: 'pl-field-note', attrs: { role: 'status' } });
    this.note.hidden = true;
    this.element = h(
      'div',
      { class: 'pl-field', attrs: { 'data-param': key } },
      h('div', { class: 'pl-field-label', attrs: { id: this.labelId }, text: label }),
      this.body,
      hint ? h('div', { class: 'pl-field-hint', text: hint }) : null,
      this.note,
      this.message,
    );
  }

  /** Controls that carry aria-invalid / aria-describedby for this field. */
  register(...controls: HTMLElement[]): void {
    this.controls.push(...controls);
  }

  replaceControls(controls: HTMLElement[]): void {
    this.controls = controls;
  }

  /** Shows `message` and flags the controls at fault: those of `axes` (indices into the controls), or all. */
  setProblem(message: string | null, axes: ReadonlySet<number> | null = null): void {
    setHidden(this.message, message === null);
    setText(this.message, message ?? '');
    this.element.classList.toggle('pl-invalid', message !== null);
    for (const [i, c] of this.controls.entries()) {
      if (message === null || (axes !== null && !axes.has(i))) {
        c.removeAttribute('aria-invalid');
        c.removeAttribute('aria-describedby');
      } else {
        c.setAttribute('aria-invalid', 'true');
        c.setAttribute('aria-describedby', this.message.id);
      }
    }
  }

  setNote(text: string | null): void {
    setHidden(this.note, text === null);
    setText(this.note, text ?? '');
  }

  setVisible(visible: boolean): void {
    setHidden(this.element, !visible);
  }
}

/** Sets an input's value unless the user is typing in it (their text wins until they leave). */
export function setValue(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  if (document.activeElement === input && input instanceof HTMLInputElement && input.type !== 'checkbox') return;
  if (input.value !== value) input.value = value;
}

export function select(options: readonly (readonly [string, string])[], label: string, onChange: (value: string) => void): HTMLSelectElement {
  const s = h('select', { class: 'pl-select', attrs: { 'aria-label': label } });
  for (const [value, text] of options) s.append(h('option', { attrs: { value }, text }));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function checkbox(label: string, onChange: (checked: boolean) => void): { element: HTMLLabelElement; input: HTMLInputElement } {
  const input = h('input', { attrs: { type: 'checkbox' } });
  input.addEventListener('change', () => onChange(input.checked));
  const element = h('label', { class: 'pl-check' }, input, h('span', { text: label }));
  return { element, input };
}

/** One small input per spatial dimension, labelled with the dimension's name. */
export class VectorInput {
  readonly element: HTMLDivElement;
  inputs: HTMLInputElement[] = [];
  private names: string[] = [];

  constructor(
    private readonly field: Field,
    private readonly what: string,
    private readonly kind: 'number' | 'text',
    private readonly onInput: () => void,
  ) {
    this.element = h('div', { class: 'pl-vector' });
    field.body.append(this.element);
  }

  setDims(names: readonly string[]): void {
    if (names.length === this.names.length && names.every((n, i) => n === this.names[i])) return;
    this.names = names.slice();
    this.element.replaceChildren();
    this.inputs = names.map((name) => {
      const input = h('input', {
        class: 'pl-input pl-input-small',
        attrs: {
          type: this.kind,
          'aria-label': `${this.what} ${name}`,
          inputmode: 'numeric',
          spellcheck: 'false',
          autocomplete: 'off',
        },
      });
      input.addEventListener('input', this.onInput);
      if (this.kind === 'text') input.addEventListener('keydown', (e) => stepText(e, input, this.onInput));
      this.element.append(h('label', { class: 'pl-dim' }, h('span', { class: 'pl-dim-name', text: name }), input));
      return input;
    });
    this.field.replaceControls(this.inputs);
  }

  setValues(values: readonly string[]): void {
    this.inputs.forEach((input, i) => {
      setValue(input, values[i] ?? '');
    });
  }

  setPlaceholders(values: readonly string[]): void {
    this.inputs.forEach((input, i) => {
      input.placeholder = values[i] ?? '';
    });
  }

  read(): string[] {
    return this.inputs.map((i) => i.value.trim());
  }
}

/** Arrow up/down on a text input holding one integer steps it, like a number input. */
function stepText(e: KeyboardEvent, input: HTMLInputElement, onInput: () => void): void {
  if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
  const v = input.value.trim() === '' ? 0 : Number(input.value);
  if (!Number.isSafeInteger(v)) return;
  e.preventDefault();
  input.value = String(Math.max(0, v + (e.key === 'ArrowUp' ? 1 : -1)));
  onInput();
}
