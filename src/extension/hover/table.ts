/** One plane of numbers as a Markdown table with index headers, cut down to a maximum size. */
import { escapeMarkdown, formatNumber } from './format';

export const ELLIPSIS = '…';
/** Hover tables have almost no cell padding; a little space before each column keeps numbers apart. */
export const CELL_PAD = '&nbsp;&nbsp;';

/**
 * The indices shown along one axis: all of them when they fit, else the first and last ones
 * around a gap (null) so that, with the gap, `max` entries are shown.
 */
export function visibleIndices(length: number, max: number): (number | null)[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  const out: (number | null)[] = [];
  for (let i = 0; i < head; i++) out.push(i);
  out.push(null);
  for (let i = length - tail; i < length; i++) out.push(i);
  return out;
}

export interface PlaneTable {
  markdown: string;
  truncated: boolean;
}

/**
 * `value(r, c)` of a rows×cols plane. `rowLabels` false gives a single data row without the
 * row-index column (for 1-D data).
 */
export function planeTable(
  rows: number,
  cols: number,
  value: (r: number, c: number) => number,
  max: { rows: number; cols: number },
  rowLabels = true,
): PlaneTable {
  const rIdx = visibleIndices(rows, max.rows);
  const cIdx = visibleIndices(cols, max.cols);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const lead = (s: string): string[] => (rowLabels ? [s] : []);
  const lines = [line([...lead(' '), ...cIdx.map((c) => CELL_PAD + (c === null ? ELLIPSIS : String(c)))]), line([...lead(':--'), ...cIdx.map(() => '--:')])];
  for (const r of rIdx) {
    if (r === null) {
      lines.push(line([...lead(ELLIPSIS), ...cIdx.map(() => CELL_PAD + ELLIPSIS)]));
      continue;
    }
    const cells = cIdx.map((c) => CELL_PAD + (c === null ? ELLIPSIS : escapeMarkdown(formatNumber(value(r, c)))));
    lines.push(line([...lead(`**${r}**`), ...cells]));
  }
  return { markdown: lines.join('\n'), truncated: rows > max.rows || cols > max.cols };
}
