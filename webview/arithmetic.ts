// Builds the arithmetic shown for one output cell from its window's values, e.g.
// `max(6, 7, 11, 12) = 12` or `(1+2+6+7)/4 = 4`. Pure: no DOM and no core calls, so it
// is unit-tested on its own; the caller supplies the values and the divisor rule.
// Windows can be huge (global pooling of a 4096² plane), so values come as typed
// arrays and only the printed terms are formatted.
import type { PoolMode } from '../src/core/types';
import { formatNumber } from './format';

export type DivisorRule =
  /** count_include_pad: every window cell inside the padded extent counts. */
  | 'include-pad'
  /** only cells inside the input count. */
  | 'exclude-pad'
  /** divisor_override replaces the count. */
  | 'override'
  /** adaptive bins: the bin's size. */
  | 'bin';

export interface ExplainInput {
  mode: PoolMode;
  /** The window's values in window order (row-major); padding cells hold 0. */
  values: ArrayLike<number>;
  /** 1 marks a padding cell; null or absent when there are none. */
  padded?: ArrayLike<number> | null;
  /** The value the core produced: the text ends with it, so what is shown is what was computed. */
  output: number;
  decimals: number;
  /** avg: the divisor the core used and why. */
  divisor?: number;
  divisorRule?: DivisorRule;
  /** lp: the norm's p (Infinity allowed). */
  p?: number;
  /** lp: a ceil-mode window cut at the edge is scaled by kernel volume / cells, as nn.LPPool does. */
  lpScale?: { kernel: number; cells: number };
  /** Most terms printed before eliding the middle. */
  maxTerms?: number;
}

export interface Explanation {
  /** The formula, ending in `= <output>`. */
  text: string;
  /** Why the divisor or the terms are what they are; empty when nothing needs saying. */
  note: string;
  /** Index into `values` of the max/min winner (|x| for p = ∞); null for other modes. */
  winner: number | null;
  /** The value recomputed here in float64, for cross-checking against `output`. */
  computed: number;
}

const MINUS = '\u2212';
const ELLIPSIS = '\u2026';

/** The winning index under the core's rules: NaN wins (the last NaN), ties go to the first. */
export function findWinner(values: ArrayLike<number>, padded: ArrayLike<number> | null | undefined, kind: 'max' | 'min' | 'absmax'): number | null {
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < values.length; i++) {
    if (padded?.[i]) continue;
    const v = kind === 'absmax' ? Math.abs(values[i]!) : values[i]!;
    // Comparisons with a NaN best are false, so only a later NaN replaces it.
    if (best < 0 || v !== v || (kind === 'min' ? v < bestValue : v > bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best < 0 ? null : best;
}

/** A list of term indices without materialising the identity list of a huge window. */
interface IndexList {
  length: number;
  at(j: number): number;
}

/** Non-padding terms (or all of them). Only padded windows, which are kernel-sized, are materialised. */
function indicesOf(n: number, padded: ArrayLike<number> | null, includePadding: boolean): IndexList {
  if (includePadding || !padded) return { length: n, at: (j) => j };
  const list: number[] = [];
  for (let i = 0; i < n; i++) if (!padded[i]) list.push(i);
  return { length: list.length, at: (j) => list[j]! };
}

/** Indices of the terms to print: all of them, or a head and a tail around an elision. */
function shownIndices(idx: IndexList, maxTerms: number): { head: number[]; tail: number[]; hidden: number } {
  const take = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, j) => idx.at(from + j));
  if (idx.length <= maxTerms) return { head: take(0, idx.length), tail: [], hidden: 0 };
  const headCount = Math.max(1, maxTerms - 3);
  return { head: take(0, headCount), tail: take(idx.length - 2, idx.length), hidden: idx.length - headCount - 2 };
}

/** `6, 7, 11, … 3 more …, 12` */
function commaList(idx: IndexList, render: (i: number) => string, maxTerms: number, sep = ', '): string {
  const { head, tail, hidden } = shownIndices(idx, maxTerms);
  const parts = head.map(render);
  if (hidden > 0) parts.push(`${ELLIPSIS} ${hidden} more ${ELLIPSIS}`, ...tail.map(render));
  return parts.join(sep);
}

/** `1+2−3`: a signed chain, each term's sign doing the joining. */
function signedChain(idx: IndexList, value: (i: number) => number, decimals: number, maxTerms: number): string {
  if (idx.length === 0) return '0';
  const term = (i: number, first: boolean) => {
    const v = value(i);
    const body = formatNumber(Math.abs(v), decimals);
    return v < 0 ? MINUS + body : first ? body : '+' + body;
  };
  const { head, tail, hidden } = shownIndices(idx, maxTerms);
  let s = head.map((i, j) => term(i, j === 0)).join('');
  if (hidden > 0) s += `+${ELLIPSIS} ${hidden} more ${ELLIPSIS}` + tail.map((i) => term(i, false)).join('');
  return s;
}

function sumOf(values: ArrayLike<number>, idx: IndexList, padded: ArrayLike<number> | null): number {
  let s = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx.at(j);
    if (!padded?.[i]) s += values[i]!;
  }
  return s;
}

function hasNaN(values: ArrayLike<number>, idx: IndexList): boolean {
  for (let j = 0; j < idx.length; j++) {
    const v = values[idx.at(j)]!;
    if (v !== v) return true;
  }
  return false;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function explain(input: ExplainInput): Explanation {
  const { mode, values, decimals } = input;
  const padded = input.padded ?? null;
  const maxTerms = Math.max(4, input.maxTerms ?? 24);
  const out = formatNumber(input.output, decimals);
  const n = values.length;
  const inside = indicesOf(n, padded, false);
  const padCount = n - inside.length;
  const fmt = (i: number) => formatNumber(values[i]!, decimals);

  if (mode === 'max' || mode === 'min') {
    const winner = findWinner(values, padded, mode);
    const computed = winner === null ? (mode === 'max' ? -Infinity : Infinity) : values[winner]!;
    const text = `${mode}(${commaList(inside, fmt, maxTerms)}) = ${out}`;
    const notes: string[] = [];
    if (inside.length === 0) notes.push('The window lies entirely in the padding.');
    else if (padCount > 0)
      notes.push(`${plural(padCount, 'padding cell is', 'padding cells are')} ignored (padding acts as ${mode === 'max' ? MINUS : '+'}\u221e).`);
    if (hasNaN(values, inside)) notes.push('NaN wins, as in PyTorch.');
    return { text, note: notes.join(' '), winner, computed };
  }

  if (mode === 'sum') {
    const computed = sumOf(values, inside, padded);
    const note = padCount > 0 ? `${plural(padCount, 'padding cell adds', 'padding cells add')} 0.` : '';
    return { text: `${signedChain(inside, (i) => values[i]!, decimals, maxTerms)} = ${out}`, note, winner: null, computed };
  }

  if (mode === 'avg') {
    const rule = input.divisorRule ?? 'include-pad';
    const divisor = input.divisor ?? (rule === 'exclude-pad' ? inside.length : n);
    // With count_include_pad the padding cells are shown as the zeros they add.
    const shown = rule === 'exclude-pad' ? inside : indicesOf(n, padded, true);
    const computed = sumOf(values, shown, padded) / divisor;
    const text = `(${signedChain(shown, (i) => (padded?.[i] ? 0 : values[i]!), decimals, maxTerms)})/${formatNumber(divisor, decimals)} = ${out}`;
    const notes: string[] = [];
    if (rule === 'override') notes.push(`divisor_override = ${divisor}.`);
    else if (rule === 'bin') notes.push(`Adaptive bin of ${plural(divisor, 'cell', 'cells')}.`);
    else if (padCount > 0 && rule === 'include-pad') notes.push(`count_include_pad: ${plural(padCount, 'padding cell counts', 'padding cells count')} as 0.`);
    else if (padCount > 0) notes.push(`${plural(padCount, 'padding cell is', 'padding cells are')} not counted.`);
    return { text, note: notes.join(' '), winner: null, computed };
  }

  // lp
  const p = input.p ?? 2;
  if (p === Infinity) {
    const winner = findWinner(values, padded, 'absmax');
    const computed = winner === null ? 0 : Math.abs(values[winner]!);
    const text = `max(${commaList(inside, (i) => `|${fmt(i)}|`, maxTerms)}) = ${out}`;
    return { text, note: 'p = \u221e: the largest magnitude.', winner, computed };
  }
  const ps = formatNumber(p, decimals);
  let sum = 0;
  for (let j = 0; j < inside.length; j++) sum += Math.pow(values[inside.at(j)]!, p);
  const pow = (i: number) => {
    const v = values[i]!;
    return `${v < 0 ? `(${fmt(i)})` : fmt(i)}^${ps}`;
  };
  let body = commaList(inside, pow, maxTerms, '+');
  let note = 'nn.LPPool takes no absolute value: an odd p on a negative sum gives NaN.';
  const scale = input.lpScale;
  if (scale && scale.cells > 0 && scale.cells !== scale.kernel) {
    sum = (sum * scale.kernel) / scale.cells;
    body = `(${body})\u00b7${scale.kernel}/${scale.cells}`;
    note = `The window is cut at the edge (ceil mode): PyTorch scales the sum by ${scale.kernel}/${scale.cells}.`;
  }
  const computed = Math.pow(sum, 1 / p);
  return { text: `(${body})^(1/${ps}) = ${out}`, note, winner: null, computed };
}
