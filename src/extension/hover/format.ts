/** Compact number and shape text for the hover, and Markdown escaping. */

/**
 * Integers as integers; other values with at most 4 decimals (4 significant digits below 1);
 * very large or very small magnitudes in exponent form; NaN, Inf, -Inf.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const abs = Math.abs(x);
  if (abs >= 1e15 || abs < 1e-4) return trimExponent(x.toExponential(3));
  if (Number.isInteger(x)) return String(x);
  if (abs >= 1e6) return trimExponent(x.toExponential(3));
  return trimZeros(abs >= 1 ? x.toFixed(4) : x.toPrecision(4));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** "1.230e+7" → "1.23e7", "1.000e-5" → "1e-5" */
function trimExponent(s: string): string {
  const [mantissa = s, exponent = '0'] = s.split('e');
  return `${trimZeros(mantissa)}e${exponent.replace(/^\+/, '')}`;
}

/** "[5, 5]" */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Escapes text (numbers, error messages) so Markdown shows it literally, also inside a table cell. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#!|<>~&$]/g, '\\$&').replace(/\r?\n/g, ' ');
}
