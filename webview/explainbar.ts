// The strip under the grids: what the hovered or selected cell is and the arithmetic
// that made it, the play/step controls that slide the window across the output, and
// a screen-reader live region describing the selected cell.
import { button, h, icon, setText } from './dom';
import type { ExplainContent } from './overlays';

export interface PlayerCallbacks {
  onFirst(): void;
  onPrev(): void;
  onTogglePlay(): void;
  onNext(): void;
}

export class ExplainBar {
  readonly element: HTMLElement;
  private readonly head: HTMLElement;
  private readonly math: HTMLElement;
  private readonly note: HTMLElement;
  private readonly live: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private playing = false;

  constructor(cb: PlayerCallbacks) {
    this.head = h('div', { class: 'pl-explain-head' });
    this.math = h('code', { class: 'pl-explain-math' });
    this.note = h('div', { class: 'pl-explain-note' });
    this.live = h('div', { class: 'pl-sr-only', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true', role: 'status' } });
    this.playButton = button({ icon: 'play', label: 'Play: slide the window across the output', class: 'pl-icon-button', onClick: () => cb.onTogglePlay() });
    const player = h(
      'div',
      { class: 'pl-player', attrs: { role: 'toolbar', 'aria-label': 'Step through output cells' } },
      button({ icon: 'debug-restart', label: 'First output cell', class: 'pl-icon-button', onClick: () => cb.onFirst() }),
      button({ icon: 'chevron-left', label: 'Previous output cell', class: 'pl-icon-button', onClick: () => cb.onPrev() }),
      this.playButton,
      button({ icon: 'chevron-right', label: 'Next output cell', class: 'pl-icon-button', onClick: () => cb.onNext() }),
    );
    this.element = h(
      'section',
      { class: 'pl-explain', attrs: { 'aria-label': 'Selected cell' } },
      h('div', { class: 'pl-explain-text' }, this.head, this.math, this.note),
      player,
      this.live,
    );
    this.show(null);
  }

  show(content: ExplainContent | null): void {
    if (!content) {
      setText(this.head, 'Hover or click a cell');
      setText(this.math, '');
      setText(this.note, 'Output cell: its window and arithmetic. Input cell: the outputs it feeds. Arrow keys, Home and End move the selection.');
      this.element.classList.add('pl-explain-empty');
      return;
    }
    this.element.classList.remove('pl-explain-empty');
    setText(this.head, content.head);
    setText(this.math, content.math);
    setText(this.note, content.note);
  }

  /** Screen-reader description of the selection (not of hovers, which would be noise). */
  announce(text: string): void {
    setText(this.live, text);
  }

  setPlaying(on: boolean): void {
    if (on === this.playing) return;
    this.playing = on;
    this.playButton.replaceChildren(icon(on ? 'debug-pause' : 'play'));
    const label = on ? 'Pause' : 'Play: slide the window across the output';
    this.playButton.title = label;
    this.playButton.setAttribute('aria-label', label);
    this.playButton.setAttribute('aria-pressed', String(on));
  }
}
