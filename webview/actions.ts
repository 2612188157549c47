// Display settings (colormap, decimals) and the export / copy buttons, with a status
// line for the host's replies.
import { EXPORT_FORMATS, type Convention, type ExportFormat } from '../src/protocol';
import { button, h, setText } from './dom';
import { Field, select, setValue } from './fields';
import { COLORMAPS } from './colormap';
import { CONVENTION_INFO, CONVENTIONS } from './state';

export interface DisplayCallbacks {
  onColormap(name: string): void;
  onDecimals(decimals: number): void;
}

export class DisplayForm {
  readonly element: HTMLElement;
  private readonly colormap: HTMLSelectElement;
  private readonly decimals: HTMLInputElement;

  constructor(cb: DisplayCallbacks) {
    const fMap = new Field('colormap', 'Colormap');
    this.colormap = select(
      [
        ['auto', 'Auto (diverging for signed data)'],
        ...COLORMAPS.map((c) => [c, c === 'diverging' ? 'Diverging (blue \u2013 red)' : c[0]!.toUpperCase() + c.slice(1)] as const),
      ],
      'Colormap',
      cb.onColormap,
    );
    fMap.body.append(this.colormap);
    const fDec = new Field('decimals', 'Decimals');
    this.decimals = h('input', { class: 'pl-input pl-input-small', attrs: { type: 'number', min: 0, max: 8, 'aria-label': 'Decimals shown' } });
    this.decimals.addEventListener('input', () => {
      const v = Number(this.decimals.value);
      if (this.decimals.value !== '' && Number.isInteger(v) && v >= 0 && v <= 8) cb.onDecimals(v);
    });
    fDec.body.append(this.decimals);
    this.element = h('div', { class: 'pl-form' }, fMap.element, fDec.element);
  }

  render(colormap: string, decimals: number): void {
    setValue(this.colormap, colormap);
    setValue(this.decimals, String(decimals));
  }
}

export interface ActionCallbacks {
  onExport(format: ExportFormat): void;
  onCopyValues(): void;
  onCopyCode(convention: Convention): void;
}

export class ActionsForm {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];

  constructor(cb: ActionCallbacks) {
    const exp = EXPORT_FORMATS.map((f) => button({ icon: 'save', text: `.${f}`, label: `Save the output as .${f}`, onClick: () => cb.onExport(f) }));
    const copyValues = button({ icon: 'copy', text: 'Values', label: 'Copy the output values', onClick: () => cb.onCopyValues() });
    const copyCode = CONVENTIONS.map((c) =>
      button({
        icon: 'code',
        text: CONVENTION_INFO[c].label,
        label: `Copy these parameters as ${CONVENTION_INFO[c].label} code`,
        onClick: () => cb.onCopyCode(c),
      }),
    );
    this.buttons.push(...exp, copyValues, ...copyCode);
    this.status = h('div', { class: 'pl-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element = h(
      'div',
      { class: 'pl-actions' },
      h('div', { class: 'pl-field-label', text: 'Save output' }),
      h('div', { class: 'pl-button-row' }, ...exp),
      h('div', { class: 'pl-field-label', text: 'Copy' }),
      h('div', { class: 'pl-button-row' }, copyValues, ...copyCode),
      this.status,
    );
  }

  setEnabled(enabled: boolean): void {
    for (const b of this.buttons) b.disabled = !enabled;
  }

  setStatus(text: string, level: 'info' | 'error' = 'info'): void {
    this.status.classList.toggle('pl-status-error', level === 'error');
    setText(this.status, text);
  }
}
