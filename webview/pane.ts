// One side of the panel: a title with shape and dtype, min/max/mean, zoom buttons,
// the canvas grid and its colour legend.
import { button, h, setText } from './dom';
import { colormapLut } from './colormap';
import type { LegendModel } from './display';
import { formatNumber } from './format';
import { Grid, type GridCallbacks } from './grid';
import type { Stats } from './stats';

export class GridPane {
  readonly element: HTMLElement;
  readonly grid: Grid;
  private readonly title: HTMLElement;
  private readonly shape: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly legendBar: HTMLCanvasElement;
  private readonly legendLo: HTMLElement;
  private readonly legendHi: HTMLElement;
  private readonly legendLabel: HTMLElement;
  private readonly formula: HTMLElement;

  constructor(name: string, callbacks: GridCallbacks) {
    this.grid = new Grid(`${name} grid`, callbacks);
    this.title = h('h2', { class: 'pl-pane-title', text: name });
    this.shape = h('span', { class: 'pl-pane-shape' });
    this.stats = h('div', { class: 'pl-pane-stats', attrs: { 'aria-label': `${name} statistics` } });
    this.formula = h('div', { class: 'pl-formula', attrs: { 'aria-label': name === 'Output' ? 'Output size formula' : 'Window along each dimension' } });
    this.formula.hidden = true;
    const zoom = h(
      'div',
      { class: 'pl-pane-tools', attrs: { role: 'toolbar', 'aria-label': `${name} zoom` } },
      button({ icon: 'zoom-out', label: `Zoom out (${name})`, class: 'pl-icon-button', onClick: () => this.grid.zoomBy(1 / 1.5) }),
      button({ icon: 'zoom-in', label: `Zoom in (${name})`, class: 'pl-icon-button', onClick: () => this.grid.zoomBy(1.5) }),
      button({ icon: 'screen-full', label: `Fit to pane (${name})`, class: 'pl-icon-button', onClick: () => this.grid.fit() }),
    );
    this.legendBar = h('canvas', { class: 'pl-legend-bar', attrs: { width: 256, height: 1, 'aria-hidden': 'true' } });
    this.legendLo = h('span', { class: 'pl-legend-lo' });
    this.legendHi = h('span', { class: 'pl-legend-hi' });
    this.legendLabel = h('span', { class: 'pl-legend-label' });
    const legend = h(
      'div',
      { class: 'pl-legend', attrs: { 'aria-label': `${name} colour scale` } },
      this.legendLo,
      h('div', { class: 'pl-legend-track' }, this.legendBar, this.legendLabel),
      this.legendHi,
    );
    this.element = h(
      'section',
      { class: `pl-pane pl-pane-${name.toLowerCase()}`, attrs: { 'aria-label': name } },
      h('div', { class: 'pl-pane-head' }, h('div', { class: 'pl-pane-heading' }, this.title, this.shape), zoom),
      this.stats,
      this.formula,
      this.grid.element,
      legend,
    );
  }

  /** The shape line; `title` explains it on hover (the output's dtype rule). */
  setShape(text: string, title?: string): void {
    setText(this.shape, text);
    if (title) this.shape.title = title;
    else this.shape.removeAttribute('title');
  }

  setStats(stats: Stats | null, decimals: number, extra = ''): void {
    if (!stats) {
      setText(this.stats, extra || '\u00a0');
      return;
    }
    const f = (v: number) => formatNumber(v, decimals);
    const nan = stats.nans > 0 ? ` \u00b7 ${stats.nans} NaN` : '';
    setText(this.stats, `min ${f(stats.min)} \u00b7 max ${f(stats.max)} \u00b7 mean ${f(stats.mean)}${nan}${extra ? ` \u00b7 ${extra}` : ''}`);
  }

  /**
   * One line per spatial dim under the stats: the output-size formula (output) or the
   * window's numbers (input); `stale` dims it (the parameters are invalid).
   */
  setFormula(lines: readonly string[] | null, stale: boolean): void {
    this.formula.classList.toggle('pl-stale', stale);
    if (!lines) return;
    this.formula.hidden = lines.length === 0;
    const text = lines.join('\n');
    if (this.formula.textContent !== text) this.formula.replaceChildren(...lines.map((l) => h('div', { class: 'pl-formula-line', text: l })));
  }

  setLegend(model: LegendModel | null): void {
    const ctx = this.legendBar.getContext('2d');
    if (!ctx || !model) {
      this.element.classList.add('pl-no-legend');
      return;
    }
    this.element.classList.remove('pl-no-legend');
    const img = ctx.createImageData(256, 1);
    const px = new Uint32Array(img.data.buffer);
    if (model.kind === 'colormap') {
      const lut = colormapLut(model.name);
      for (let i = 0; i < 256; i++) px[i] = lut[i]!;
      setText(this.legendLabel, model.name);
    } else {
      const lut = colormapLut('gray');
      for (let i = 0; i < 256; i++) px[i] = lut[i]!;
      setText(this.legendLabel, model.channels);
    }
    ctx.putImageData(img, 0, 0);
    setText(this.legendLo, formatNumber(model.range.lo, model.decimals));
    setText(this.legendHi, formatNumber(model.range.hi, model.decimals));
  }
}
