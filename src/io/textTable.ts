import { ReadError } from './errors';
import { checkDecodedSize, formatBytes } from './limits';
import type { LoadedArray } from './types';

export type TableFormat = 'csv' | 'tsv' | 'txt';
type Delimiter = ',' | ';' | '\t' | 'whitespace';

// Unambiguous (digits after a dot only), so a long run of digits is matched in linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};
const SNIFF_LINES = 20;

interface Line {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

/**
 * Reads a numeric table (CSV, TSV, or whitespace-separated text as np.savetxt writes).
 * - Delimiter sniffed from the first lines: tab, semicolon, comma, else runs of whitespace.
 *   With ';', decimal commas ("1,5") are accepted, as European spreadsheets write them.
 * - Blank lines and lines starting with '#' (np.savetxt headers) are skipped.
 * - A first row with a non-numeric field is a header and is skipped, unless it also holds a
 *   non-integer number (then it is data with a bad field: an error). pandas' index column
 *   (empty header cell over 0, 1, 2, ...) is dropped.
 * - Fields may be quoted; an empty field is NaN (pandas writes NaN so); nan/inf/-inf/Infinity.
 * - One row or one column gives a 1-D array, as np.loadtxt does.
 * Errors give the 1-based row (= line of the file) and column.
 */
export function readTable(bytes: Uint8Array, name: string, format: TableFormat, maxBytes: number): LoadedArray {
  const fail = (message: string): never => {
    throw new ReadError(format, `${name}: ${message}`);
  };
  if (bytes.length > maxBytes) {
    throw ReadError.tooLarge(format, `${name}: the file is ${formatBytes(bytes.length)}, over the ${formatBytes(maxBytes)} limit`, bytes.length, maxBytes);
  }
  const text = decodeText(bytes, fail);

  const lines: Line[] = [];
  const all = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!.trim();
    if (t !== '' && !t.startsWith('#')) lines.push({ number: i + 1, text: all[i]! });
  }
  if (lines.length === 0) fail('the file holds no data rows.');

  const delimiter = sniffDelimiter(lines.slice(0, SNIFF_LINES), format);
  const split = (line: Line): string[] => splitFields(line.text, delimiter);

  let first = 0;
  let indexColumn = false;
  const firstFields = split(lines[0]!);
  if (isHeader(firstFields, delimiter)) {
    first = 1;
    indexColumn = firstFields.length > 1 && unquote(firstFields[0]!.trim()) === '';
    if (lines.length === 1) fail(`only a header row (row ${lines[0]!.number}), no data rows.`);
  }

  const rows = lines.length - first;
  let columns = -1;
  let values: Float64Array | undefined;
  let columnsLine = 0;
  let lastAllEmpty = true;
  for (let r = 0; r < rows; r++) {
    const line = lines[first + r]!;
    const fields = split(line);
    if (columns < 0) {
      columns = fields.length;
      columnsLine = line.number;
      checkDecodedSize(format, `${name}: ${rows}×${columns} table`, rows * columns, 8, maxBytes);
      values = new Float64Array(rows * columns);
    } else if (fields.length !== columns) {
      fail(`row ${line.number} has ${fields.length} column${fields.length === 1 ? '' : 's'}, expected ${columns} like row ${columnsLine}.`);
    }
    for (let c = 0; c < columns; c++) {
      const v = parseField(fields[c]!, delimiter);
      if (v === undefined) {
        const field = fields[c]!.trim();
        const shown = field.length > 40 ? `${JSON.stringify(field.slice(0, 40)).slice(0, -1)}…" (${field.length} characters)` : JSON.stringify(field);
        fail(`row ${line.number}, column ${c + 1}: ${shown} is not a number.`);
      }
      values![r * columns + c] = v!;
    }
    if (fields[columns - 1]!.trim() !== '') lastAllEmpty = false;
  }

  let data = values!;
  // A delimiter at the end of every line makes an empty last column: not data.
  let dropLast = lastAllEmpty && columns > 1;
  const dropFirst = indexColumn && isRowIndex(data, rows, columns);
  if (dropFirst && dropLast && columns === 2) dropLast = false;
  if (dropFirst || dropLast) {
    const from = dropFirst ? 1 : 0;
    const to = dropLast ? columns - 1 : columns;
    const kept = to - from;
    const trimmed = new Float64Array(rows * kept);
    for (let r = 0; r < rows; r++) trimmed.set(data.subarray(r * columns + from, r * columns + to), r * kept);
    data = trimmed;
    columns = kept;
  }
  const shape = rows === 1 ? [columns] : columns === 1 ? [rows] : [rows, columns];
  return { name, array: { shape, data }, dtype: 'float64' };
}

function decodeText(bytes: Uint8Array, fail: (m: string) => never): string {
  // Excel's "Unicode text" export is UTF-16 with a BOM.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) fail(`this is a binary file, not text (byte ${i} is 0).`);
  }
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 BOM
}

/**
 * The delimiter found in all sampled lines the same number of times wins (header included);
 * otherwise the one found in most lines, so a ragged file is still reported by column;
 * otherwise runs of whitespace.
 */
function sniffDelimiter(sample: readonly Line[], format: TableFormat): Delimiter {
  const order: Delimiter[] = format === 'tsv' ? ['\t', ';', ','] : [';', ',', '\t'];
  let best: Delimiter = 'whitespace';
  let bestLines = 0;
  for (const d of order) {
    const counts = sample.map((l) => countOutsideQuotes(l.text, d));
    if (counts[0]! > 0 && counts.every((c) => c === counts[0])) return d;
    const withIt = counts.filter((c) => c > 0).length;
    // A stray tab among spaces is whitespace, not a tab-separated column (unless .tsv).
    if (d === '\t' && format !== 'tsv') continue;
    if (withIt > bestLines) {
      best = d;
      bestLines = withIt;
    }
  }
  return best;
}

function countOutsideQuotes(text: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

function splitFields(text: string, d: Delimiter): string[] {
  if (d === 'whitespace') return text.trim().split(/[ \t]+/);
  if (!text.includes('"')) return text.split(d);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') {
        field += '""';
        i++;
      } else {
        quoted = !quoted;
        field += ch;
      }
    } else if (ch === d && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s[s.length - 1] === '"') || (s[0] === "'" && s[s.length - 1] === "'"))) {
    return s.slice(1, -1).trim();
  }
  return s;
}

function parseField(raw: string, d: Delimiter): number | undefined {
  const s = unquote(raw.trim());
  if (s === '') return NaN;
  if (NUMBER.test(s)) return Number(s);
  const special = SPECIAL[s.toLowerCase()];
  if (special !== undefined) return special;
  if (d === ';' && DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return undefined;
}

/** A header has a non-numeric field, and no number that looks like data (a non-integer). */
function isHeader(fields: readonly string[], d: Delimiter): boolean {
  let text = false;
  for (const f of fields) {
    const v = parseField(f, d);
    if (v === undefined) text = true;
    else if (f.trim() !== '' && !Number.isInteger(v)) return false;
  }
  return text;
}

function isRowIndex(data: Float64Array, rows: number, columns: number): boolean {
  for (let r = 0; r < rows; r++) if (data[r * columns] !== r) return false;
  return true;
}
