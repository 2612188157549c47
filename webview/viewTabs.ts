// The tab strip above the panel's content: the input/output grids, the Compare view and the
// Chain view (the WAI-ARIA tabs pattern: one tab in the tab order, arrow keys move between them).
import { h } from './dom';

export const PANEL_VIEWS = ['pool', 'compare', 'chain'] as const;
export type PanelView = (typeof PANEL_VIEWS)[number];

const LABELS: Record<PanelView, [string, string]> = {
  pool: ['Input \u2192 Output', 'The input and the pooled output, every window linked'],
  compare: ['Compare frameworks', 'PyTorch, Keras and ONNX side by side: what each computes for these parameters, and why they differ'],
  chain: ['Chain layers', 'Stack 2\u20135 pooling layers: every intermediate output and the receptive field of a cell'],
};

export class ViewTabs {
  readonly element: HTMLElement;
  private readonly tabs: Record<PanelView, HTMLButtonElement>;

  constructor(onOpen: (view: PanelView) => void) {
    const tab = (view: PanelView) => {
      const [text, title] = LABELS[view];
      const b = h('button', {
        class: 'pl-tab',
        text,
        attrs: { type: 'button', role: 'tab', 'aria-selected': 'false', tabindex: -1, title, 'data-view': view },
      });
      b.addEventListener('click', () => onOpen(view));
      return b;
    };
    this.tabs = { pool: tab('pool'), compare: tab('compare'), chain: tab('chain') };
    this.element = h('div', { class: 'pl-tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } }, ...PANEL_VIEWS.map((v) => this.tabs[v]));
    this.element.addEventListener('keydown', (e) => {
      const at = PANEL_VIEWS.findIndex((v) => this.tabs[v] === document.activeElement);
      const n = PANEL_VIEWS.length;
      const next = e.key === 'ArrowRight' ? (at + 1) % n : e.key === 'ArrowLeft' ? (at - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (next < 0) return;
      e.preventDefault();
      const view = PANEL_VIEWS[next]!;
      onOpen(view);
      this.tabs[view].focus();
    });
    this.select('pool');
  }

  select(view: PanelView): void {
    for (const v of PANEL_VIEWS) {
      this.tabs[v].setAttribute('aria-selected', String(v === view));
      this.tabs[v].tabIndex = v === view ? 0 : -1;
    }
  }
}
