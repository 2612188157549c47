// WCAG contrast of what a page shows, measured in the page (pass these functions to
// page.evaluate; they close over nothing). Used by the panel's theme tests and by the
// VS Code for the Web runner for the hover.
//
// A text's colour and its background are both composited up the ancestor chain: every
// ancestor's background colour and opacity, then the page's white canvas, so translucent
// theme colours (rgba descriptionForeground, #0000001f code backgrounds) count as seen.

/**
 * Every visible text in the elements matching `rootSelector`: text nodes (one entry per element), the values and
 * placeholders of inputs and the chosen option of selects. Disabled controls are
 * counted apart (WCAG exempts inactive components).
 * @returns {{ checked: { text: string, where: string, fg: string, bg: string, ratio: number }[], exempt: number }}
 */
export function auditTextContrast(rootSelector) {
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return [0, 0, 0, 0];
    const v = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  const lum = (c) => {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) =>
    '#' +
    c
      .slice(0, 3)
      .map((v) => Math.round(v).toString(16).padStart(2, '0'))
      .join('');
  /** Text colour and background as seen, compositing backgrounds and opacity from `el` up. */
  const seen = (el, color) => {
    let fg = parse(color);
    let bg = [0, 0, 0, 0];
    for (let n = el; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      const b = parse(cs.backgroundColor);
      fg = over(fg, b);
      bg = over(bg, b);
      const o = Number(cs.opacity);
      fg[3] *= o;
      bg[3] *= o;
    }
    const canvas = [255, 255, 255, 1];
    return { fg: over(fg, canvas), bg: over(bg, canvas) };
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const parent = el.parentElement;
    const pcls = parent && typeof parent.className === 'string' && parent.className ? '.' + parent.className.trim().split(/\s+/)[0] : '';
    return `${parent ? parent.tagName.toLowerCase() + pcls + ' > ' : ''}${el.tagName.toLowerCase()}${cls}`;
  };
  /** Laid out, not hidden, and not clipped to a pixel (screen-reader-only text). */
  const shown = (el, rect) => {
    const box = el.getBoundingClientRect();
    return rect.width > 1 && rect.height > 1 && box.width > 1 && box.height > 1 && el.checkVisibility({ visibilityProperty: true });
  };
  const inactive = (el) => {
    if (el.closest('button:disabled, select:disabled, input:disabled, fieldset:disabled')) return true;
    const label = el.closest('label');
    const control = label && (label.control ?? label.querySelector('input, select'));
    return !!control && control.disabled;
  };

  const roots = [...document.querySelectorAll(rootSelector)];
  const checked = [];
  let exempt = 0;
  const add = (el, text, color) => {
    if (inactive(el)) {
      exempt++;
      return;
    }
    const { fg, bg } = seen(el, color);
    checked.push({ text: text.trim().slice(0, 60), where: describe(el), fg: hex(fg), bg: hex(bg), ratio: Math.round(ratio(fg, bg) * 100) / 100 });
  };
  const seenElements = new Set();
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const el = node.parentElement;
      if (!el || seenElements.has(el) || el.closest('option, script, style, title')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (!shown(el, range.getBoundingClientRect())) continue;
      seenElements.add(el);
      add(el, node.textContent, getComputedStyle(el).color);
    }
    for (const el of root.querySelectorAll('input, select, textarea')) {
      if (seenElements.has(el)) continue;
      seenElements.add(el);
      if (!shown(el, el.getBoundingClientRect())) continue;
      if (el instanceof HTMLSelectElement) {
        const opt = el.selectedOptions[0];
        if (opt) add(el, opt.textContent ?? '', getComputedStyle(el).color);
      } else if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'range', 'color', 'hidden'].includes(el.type)) {
        // no text of its own
      } else if (el.value) {
        add(el, el.value, getComputedStyle(el).color);
      } else if (el.placeholder) {
        add(el, `placeholder ${el.placeholder}`, getComputedStyle(el, '::placeholder').color);
      }
    }
  }
  return { checked, exempt };
}

/**
 * The focus indicator of the focused element: its outline (or, lacking one, a border
 * colour change is not counted) and the contrast of the outline colour against the
 * background it is drawn on.
 * @returns {{ again: boolean, where: string, style: string, width: number, color: string, ratio: number } | null}
 */
export function focusOutline() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return [0, 0, 0, 0];
    const v = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  const lum = (c) => {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const cs = getComputedStyle(el);
  let line = parse(cs.outlineColor);
  // An inset outline (negative offset) lies on the element's own background; otherwise on its parent's.
  const start = Number.parseFloat(cs.outlineOffset) < 0 ? el : el.parentElement;
  let bg = [0, 0, 0, 0];
  for (let n = start; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    const b = parse(s.backgroundColor);
    line = over(line, b);
    bg = over(bg, b);
    line[3] *= Number(s.opacity);
    bg[3] *= Number(s.opacity);
  }
  line = over(line, [255, 255, 255, 1]);
  bg = over(bg, [255, 255, 255, 1]);
  const [hi, lo] = [lum(line), lum(bg)].sort((x, y) => y - x);
  const label = el.getAttribute('aria-label') ?? (el.closest('label') ?? el).textContent?.trim().slice(0, 30) ?? '';
  // Marks the element, so a caller tabbing round knows when focus comes back to it.
  const again = el.hasAttribute('data-focus-seen');
  el.setAttribute('data-focus-seen', '');
  return {
    again,
    where: `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(/\s+/)[0] : ''} “${label}”`,
    style: cs.outlineStyle,
    width: Number.parseFloat(cs.outlineWidth) || 0,
    color: cs.outlineColor,
    ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
  };
}
