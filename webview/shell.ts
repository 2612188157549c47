// The panel's frame: the loading and error views, the header (file, npz member, open
// button), the notice banner, the sidebar sections and the content area. It only
// arranges components built elsewhere; Panel fills it in.
import { button, h, icon, setHidden, setText } from './dom';
import type { PanelView } from './viewTabs';

export interface ShellParts {
  /** Sidebar sections, in order: [title, body]. */
  sections: [string, HTMLElement][];
  grids: HTMLElement[];
  explain: HTMLElement;
  /** The view tabs above the content, and the Compare and Chain views shown in place of the grids. */
  tabs: HTMLElement;
  compare: HTMLElement;
  chain: HTMLElement;
}

export interface ShellCallbacks {
  onOpenOther(): void;
  onSelectArray(name: string): void;
}

export class Shell {
  readonly sections: HTMLDetailsElement[];
  private readonly loading: HTMLElement;
  private readonly error: HTMLElement;
  private readonly errorTitle: HTMLElement;
  private readonly errorIcon: HTMLElement;
  private readonly openOther: HTMLButtonElement;
  private readonly errorText: HTMLElement;
  private readonly main: HTMLElement;
  private readonly fileTitle: HTMLElement;
  private readonly fileMeta: HTMLElement;
  private readonly arraySelect: HTMLSelectElement;
  private readonly notice: HTMLElement;
  private readonly noticeText: HTMLElement;
  private readonly poolView: HTMLElement;

  constructor(root: HTMLElement, parts: ShellParts, cb: ShellCallbacks) {
    root.classList.add('pl-root');
    this.loading = h(
      'div',
      { class: 'pl-loading', attrs: { role: 'status' } },
      icon('loading', 'codicon-modifier-spin'),
      h('span', { text: 'Reading the file\u2026' }),
    );

    this.errorTitle = h('h1', { class: 'pl-error-title' });
    this.errorText = h('p', { class: 'pl-error-text' });
    this.errorIcon = h('div', { class: 'pl-error-icon' }, icon('error'));
    this.openOther = button({ icon: 'folder-opened', text: 'Open another file\u2026', label: 'Open another file', onClick: () => cb.onOpenOther() });
    this.error = h('div', { class: 'pl-error-view', attrs: { role: 'alert' } }, this.errorIcon, h('div', {}, this.errorTitle, this.errorText, this.openOther));
    this.error.hidden = true;

    this.fileTitle = h('h1', { class: 'pl-file-title' });
    this.fileMeta = h('span', { class: 'pl-file-meta' });
    this.arraySelect = h('select', { class: 'pl-select', attrs: { 'aria-label': 'Array in this file' } });
    this.arraySelect.addEventListener('change', () => cb.onSelectArray(this.arraySelect.value));
    const header = h(
      'header',
      { class: 'pl-header' },
      icon('symbol-array', 'pl-file-icon'),
      this.fileTitle,
      this.arraySelect,
      this.fileMeta,
      h('span', { class: 'pl-spacer' }),
      button({ icon: 'folder-opened', text: 'Open\u2026', label: 'Open another file in Pooling Lens', onClick: () => cb.onOpenOther() }),
    );

    this.noticeText = h('span', {});
    this.notice = h(
      'div',
      { class: 'pl-notice', attrs: { role: 'status' } },
      icon('warning'),
      this.noticeText,
      button({ icon: 'close', label: 'Dismiss', class: 'pl-icon-button', onClick: () => (this.notice.hidden = true) }),
    );
    this.notice.hidden = true;

    this.sections = parts.sections.map(([title, body]) =>
      h('details', { class: 'pl-section', attrs: { open: true } }, h('summary', { class: 'pl-section-title', text: title }), body),
    );
    const sidebar = h('aside', { class: 'pl-sidebar', attrs: { 'aria-label': 'Pooling parameters' } }, ...this.sections);
    this.poolView = h('div', { class: 'pl-pool-view' }, h('div', { class: 'pl-grids' }, ...parts.grids), parts.explain);
    const content = h('div', { class: 'pl-content' }, parts.tabs, this.poolView, parts.compare, parts.chain);
    this.main = h('div', { class: 'pl-main' }, header, this.notice, h('div', { class: 'pl-body' }, sidebar, content));
    this.main.hidden = true;
    root.replaceChildren(this.loading, this.error, this.main);
  }

  /**
   * A prominent error in place of the data (never a blank panel or an endless spinner); with
   * `pending`, no data yet rather than an error (a debugger value waiting for a stop).
   */
  showError(fileName: string, message: string, pending = false): void {
    const title = pending
      ? `Pooling Lens is waiting for ${fileName || 'its data'}`
      : fileName
        ? `Pooling Lens could not open ${fileName}`
        : 'Pooling Lens could not open the file';
    setText(this.errorTitle, title);
    setText(this.errorText, message);
    // A wait is news, not an error: a watch icon, said politely, and no other file to pick.
    this.errorIcon.replaceChildren(icon(pending ? 'watch' : 'error'));
    this.errorIcon.classList.toggle('pl-pending', pending);
    this.error.setAttribute('role', pending ? 'status' : 'alert');
    setHidden(this.openOther, pending);
    setHidden(this.loading, true);
    setHidden(this.main, true);
    setHidden(this.error, false);
  }

  showMain(fileName: string, meta: string, arrayNames: readonly string[], selected: string): void {
    setText(this.fileTitle, fileName);
    setText(this.fileMeta, meta);
    this.arraySelect.replaceChildren(...arrayNames.map((n) => h('option', { attrs: { value: n }, text: n })));
    this.arraySelect.value = selected;
    setHidden(this.arraySelect, arrayNames.length < 2);
    setHidden(this.loading, true);
    setHidden(this.error, true);
    setHidden(this.main, false);
  }

  /** The grids, or the Compare or Chain view in their place (those views hide themselves). */
  showView(view: PanelView): void {
    setHidden(this.poolView, view !== 'pool');
  }

  showNotice(message: string, level: 'info' | 'warn' | 'error'): void {
    setText(this.noticeText, message);
    this.notice.classList.toggle('pl-notice-error', level === 'error');
    this.notice.hidden = false;
  }
}
