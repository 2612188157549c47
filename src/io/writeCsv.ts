import type { NDArray } from '../core/types';
import { WriteError } from './errors';

/**
 * Encodes a 0-, 1- or 2-D array as CSV: rows of comma-separated values, '\n' line ends.
 * A 1-D array is one value per line, as np.savetxt writes it. Read back (by us or
 * np.loadtxt) a single row or column comes back 1-D. Values use the shortest text
 * that reads back to the same float32/float64; NaN and ±Infinity are nan, inf, -inf (which
 * np.loadtxt and our reader accept).
 */
export function writeCsv(array: NDArray): string {
  const { shape, data } = array;
  if (shape.length > 2) {
    throw new WriteError('csv', `CSV holds 1-D or 2-D arrays; this one has shape [${shape.join(', ')}]. Save it as .npy, or pick a 2-D slice.`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new WriteError('csv', `shape [${shape.join(', ')}] needs ${count} values but the data has ${data.length}.`);
  const format = data instanceof Float32Array ? formatFloat32 : formatFloat64;
  const columns = shape.length === 2 ? shape[1]! : 1;
  const rows = shape.length === 2 ? shape[0]! : count;
  const lines: string[] = new Array<string>(rows);
  const fields: string[] = new Array<string>(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) fields[c] = format(data[r * columns + c]!);
    lines[r] = fields.join(',');
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'nan';
  if (Object.is(v, -0)) return '-0'; // String(-0) would lose the sign
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return undefined;
}

function formatFloat64(v: number): string {
  return special(v) ?? String(v);
}

/** The shortest decimal that rounds back to the same float32 (String(v) would print the float64 expansion). */
function formatFloat32(v: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  for (let p = 1; p < 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === v) return String(Number(t));
  }
  return String(Number(v.toPrecision(9)));
}
