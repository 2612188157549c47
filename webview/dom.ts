// Small DOM builders. The webview's CSP forbids inline styles in markup, so nothing
// here writes a style attribute: classes, or CSSOM properties at the call site.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  /** Plain attributes (aria-*, role, type, ...). `style` is refused by the CSP and not allowed here. */
  attrs?: Record<string, string | number | boolean | null | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A codicon, hidden from screen readers (the control it sits in carries the label). */
export function icon(name: string, extra = ''): HTMLElement {
  return h('i', { class: `codicon codicon-${name}${extra ? ' ' + extra : ''}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button with an icon and/or text; `label` is the accessible name and tooltip. */
export function button(opts: { icon?: string; text?: string; label: string; class?: string; onClick: (ev: MouseEvent) => void }): HTMLButtonElement {
  const b = h('button', { class: opts.class ?? 'pl-button', attrs: { type: 'button', title: opts.label, 'aria-label': opts.text ? null : opts.label } });
  if (opts.icon) b.append(icon(opts.icon));
  if (opts.text) b.append(h('span', { text: opts.text }));
  b.addEventListener('click', opts.onClick);
  return b;
}

let uid = 0;
/** A document-unique id for label/aria wiring. */
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Reads a `--vscode-*` (or any) CSS variable from the body, with a fallback. */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}
