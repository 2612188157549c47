// Number formatting shared by grid cells, stats, legends and the arithmetic text.
// Pure (no DOM) so vitest can check it.

const MINUS = '\u2212';

/**
 * A compact, exact-looking rendering: integers as integers, others with at most
 * `decimals` fraction digits (trailing zeros trimmed), scientific notation when the
 * magnitude would need too many digits. `−` is the typographic minus.
 */
export function formatNumber(v: number, decimals: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '\u221e';
  if (v === -Infinity) return `${MINUS}\u221e`;
  const d = Math.max(0, Math.min(12, Math.floor(decimals)));
  const a = Math.abs(v);
  let s: string;
  if (Number.isInteger(v) && a < 1e15) {
    s = String(Math.abs(v));
  } else if (a !== 0 && (a >= 1e9 || a < Math.pow(10, -Math.max(d, 1)) / 2)) {
    s = trimExponential(a.toExponential(Math.max(1, Math.min(d, 6))));
  } else {
    s = trimFraction(a.toFixed(d));
  }
  // -0 and values that round to 0 print without a sign.
  const negative = v < 0 && /[1-9]/.test(s);
  return negative ? MINUS + s : s;
}

function trimFraction(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

function trimExponential(s: string): string {
  const [mantissa = s, exp = ''] = s.split('e');
  return `${trimFraction(mantissa)}e${exp.replace('+', '')}`;
}

/** `[0, 1]` style index text. */
export function formatIndex(index: readonly number[]): string {
  return `[${index.join(', ')}]`;
}

/** `5 × 5` style shape text; an empty shape (a scalar) prints as `scalar`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join(' \u00d7 ');
}
