// The explanation a source may send with `load` (the tutorial's): a dismissible box at the
// top of the panel with paragraphs and formulas marked right or wrong. Dismissed, it leaves
// a header button that shows it again.
import './intro.css';
import type { PanelIntro } from '../src/protocol';
import { button, h, icon } from './dom';

const BOX_CLASS = 'pl-intro';
const REOPEN_CLASS = 'pl-intro-reopen';

/** Remembered per title for this webview's session, so a reload does not bring a dismissed box back. */
function dismissedKey(title: string): string {
  return `pooling-lens.intro-dismissed:${title}`;
}
function isDismissed(title: string): boolean {
  try {
    return sessionStorage.getItem(dismissedKey(title)) === '1';
  } catch {
    return false; // storage may be unavailable in a webview: then it shows again after a reload
  }
}
function setDismissed(title: string, dismissed: boolean): void {
  try {
    if (dismissed) sessionStorage.setItem(dismissedKey(title), '1');
    else sessionStorage.removeItem(dismissedKey(title));
  } catch {
    // see isDismissed
  }
}

function renderBox(intro: PanelIntro, onDismiss: () => void): HTMLElement {
  const formulas = intro.formulas?.length
    ? h(
        'table',
        { class: 'pl-intro-formulas' },
        h(
          'tbody',
          {},
          ...intro.formulas.map((f) =>
            h(
              'tr',
              { class: f.correct ? 'pl-intro-right' : 'pl-intro-wrong' },
              h(
                'td',
                { class: 'pl-intro-mark', attrs: { title: f.correct ? 'Correct' : 'Wrong' } },
                icon(f.correct ? 'pass' : 'error'),
                h('span', { class: 'pl-intro-sr', text: f.correct ? 'correct' : 'wrong' }),
              ),
              h('th', { attrs: { scope: 'row' }, text: f.label }),
              h('td', {}, h('code', { text: f.text })),
              h('td', {}, h('code', { text: f.value })),
            ),
          ),
        ),
      )
    : null;
  return h(
    'section',
    { class: BOX_CLASS, attrs: { 'aria-label': intro.title } },
    h('div', { class: 'pl-intro-icon' }, icon('mortar-board')),
    h(
      'div',
      { class: 'pl-intro-body' },
      h('h2', { class: 'pl-intro-title', text: intro.title }),
      ...intro.paragraphs.map((p) => h('p', { text: p })),
      formulas,
    ),
    button({ icon: 'close', label: 'Hide this explanation', class: 'pl-icon-button pl-intro-close', onClick: onDismiss }),
  );
}

/** Shows (or removes) the intro of a `load` message (checked by parseHostMessage); call after the panel handled the load. */
export function showIntro(intro: PanelIntro | undefined): void {
  const main = document.querySelector<HTMLElement>('.pl-main');
  if (!main) return;
  main.querySelector(`:scope > .${BOX_CLASS}`)?.remove();
  main.querySelector(`.${REOPEN_CLASS}`)?.remove();
  if (!intro) return;
  const header = main.querySelector<HTMLElement>(':scope > .pl-header');

  let box: HTMLElement;
  const reopen = button({
    icon: 'mortar-board',
    text: 'Explanation',
    label: 'Show the explanation again',
    class: `pl-button ${REOPEN_CLASS}`,
    onClick: () => {
      setDismissed(intro.title, false);
      box.hidden = false;
      reopen.hidden = true;
    },
  });
  box = renderBox(intro, () => {
    setDismissed(intro.title, true);
    box.hidden = true;
    reopen.hidden = false;
    reopen.focus();
  });
  const dismissed = isDismissed(intro.title);
  box.hidden = dismissed;
  reopen.hidden = !dismissed;
  if (header) {
    header.after(box);
    header.append(reopen);
  } else {
    main.prepend(box);
  }
}
