// Turns the linking geometry into what the grids draw (runs of cells per grid axis)
// and what the explanation strip says. Pure.
import { explain, type Explanation } from './arithmetic';
import { fromSpatial } from './display';
import { formatIndex, formatNumber } from './format';
import { avgDivisor, BEYOND, CELL, fedAt, gatherTerms, lpScale, PAD, productSize, termCoords, windowAt, type AxisSpan, type Geometry } from './linking';
import type { Params } from './state';

/** What the explanation strip says about one cell: its value, the arithmetic, a note. */
export interface ExplainContent {
  head: string;
  math: string;
  note: string;
}

/** A run of positions [start, end) along one axis, all of one kind (CELL, PAD, BEYOND from linking.ts). */
export interface Run {
  start: number;
  end: number;
  kind: number;
}

export interface Highlight {
  /** Separable: the highlighted cells are every row run × every column run. */
  rows: Run[];
  cols: Run[];
  winner: { r: number; c: number } | null;
  /** Drawn faintly: e.g. a 3-D window that does not reach the depth slice shown. */
  faint: boolean;
}

/** Merges consecutive positions of one kind into runs. */
export function toRuns(positions: readonly number[], kinds?: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (let j = 0; j < positions.length; j++) {
    const p = positions[j]!;
    const k = kinds ? kinds[j]! : CELL;
    const last = runs[runs.length - 1];
    if (last && last.end === p && last.kind === k) last.end = p + 1;
    else runs.push({ start: p, end: p + 1, kind: k });
  }
  return runs;
}

const ONE_ROW: Run[] = [{ start: 0, end: 1, kind: CELL }];

/** Grid highlight from per-axis spans; with 3 dims, faint unless `depth` is one of the window's depths. */
export function spansToHighlight(spans: readonly AxisSpan[], depth: number, winner: { r: number; c: number } | null): Highlight {
  const d = spans.length;
  if (d === 1) return { rows: ONE_ROW, cols: toRuns(spans[0]!.positions, spans[0]!.kinds), winner, faint: false };
  const rs = spans[d - 2]!;
  const cs = spans[d - 1]!;
  let faint = false;
  if (d === 3) {
    const ds = spans[0]!;
    const j = ds.positions.indexOf(depth);
    faint = j < 0 || ds.kinds[j] === BEYOND;
  }
  return { rows: toRuns(rs.positions, rs.kinds), cols: toRuns(cs.positions, cs.kinds), winner, faint };
}

export function fedToHighlight(fed: readonly number[][], depth: number): Highlight {
  const d = fed.length;
  if (d === 1) return { rows: ONE_ROW, cols: toRuns(fed[0]!), winner: null, faint: false };
  return { rows: toRuns(fed[d - 2]!), cols: toRuns(fed[d - 1]!), winner: null, faint: d === 3 && !fed[0]!.includes(depth) };
}

const AXIS_LABELS: Record<number, readonly string[]> = { 1: ['cols'], 2: ['rows', 'cols'], 3: ['depth', 'rows', 'cols'] };
const AXIS_NAMES: Record<number, readonly string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

/** `rows 0–1 × cols 2–3`, `cols 0, 2, 4` (dilation), `rows 0–1 + 1 padding` (a padded edge). */
export function describeWindow(spans: readonly AxisSpan[]): string {
  const labels = AXIS_LABELS[spans.length] ?? spans.map((_, i) => `dim ${i}`);
  const parts = spans.map((s, a) => {
    const inside = s.positions.filter((_, j) => s.kinds[j] === CELL);
    const pads = s.kinds.filter((k) => k === PAD).length;
    const label = labels[a]!;
    const padText = pads > 0 ? ` + ${pads} padding` : '';
    if (inside.length === 0) return `${label}: padding only`;
    const contiguous = inside.every((p, j) => j === 0 || p === inside[j - 1]! + 1);
    const first = inside[0]!;
    const last = inside[inside.length - 1]!;
    const text = contiguous
      ? first === last
        ? `${first}`
        : `${first}\u2013${last}`
      : inside.length <= 6
        ? inside.join(', ')
        : `${first}\u2026${last} step ${inside[1]! - first}`;
    return `${label} ${text}${padText}`;
  });
  const beyond = spans.some((s) => s.kinds.includes(BEYOND));
  return `Window: ${parts.join(' \u00d7 ')}${beyond ? ' \u00b7 cut at the padded edge (ceil mode)' : ''}.`;
}

export interface OutputCellInfo {
  spans: AxisSpan[];
  explanation: Explanation;
  /** The winner's input coordinates (spatial), if max/min. */
  winner: number[] | null;
  value: number;
}

/**
 * Everything about one output cell: its window, the window's values and the
 * arithmetic. `inPlane` is the input plane the output was pooled from (C order,
 * shape g.inShape); `outValue` the core's value for the cell.
 */
export function outputCellInfo(
  g: Geometry,
  params: Params,
  cell: readonly number[],
  inPlane: Float32Array | Float64Array,
  outValue: number,
  decimals: number,
): OutputCellInfo {
  const spans = windowAt(g, cell);
  // A global window is the whole plane: use it in place instead of copying it.
  const terms = g.kind === 'global' ? { values: inPlane, padded: null } : gatherTerms(spans, inPlane, g.inShape);
  const div = avgDivisor(g, spans, params.countIncludePad, params.divisorOverride);
  const explanation = explain({
    mode: params.mode,
    values: terms.values,
    padded: terms.padded,
    output: outValue,
    decimals,
    divisor: div.divisor,
    divisorRule: div.rule,
    p: params.p,
    ...(params.mode === 'lp' ? { lpScale: lpScale(g, spans) } : {}),
  });
  const winner = explanation.winner === null ? null : termCoords(spans, explanation.winner);
  return { spans, explanation, winner, value: outValue };
}

export interface InputCellInfo {
  fed: number[][];
  head: string;
  math: string;
  note: string;
}

export function inputCellInfo(g: Geometry, cell: readonly number[], value: number, decimals: number, channel: string): InputCellInfo {
  const fed = fedAt(g, cell);
  const count = productSize(fed);
  const head = `Input ${formatIndex(cell)}${channel} = ${formatNumber(value, decimals)}`;
  if (count === 0) return { fed, head, math: 'feeds no output', note: 'No window covers this cell (the stride skips it, or ceil/floor rounding drops it).' };
  const list: string[] = [];
  for (const idx of productIter(fed, 8)) list.push(formatIndex(idx));
  const more = count > list.length ? `, \u2026 ${count - list.length} more` : '';
  const math = count === 1 ? `feeds output ${list[0]}` : `feeds ${count} outputs: ${list.join(', ')}${more}`;
  return { fed, head, math, note: count > 1 ? 'Windows overlap here: this value is read by every highlighted output.' : '' };
}

function* productIter(lists: readonly number[][], limit: number): Generator<number[]> {
  let n = 0;
  const idx = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    if (n++ >= limit) return;
    yield idx.map((j, a) => lists[a]![j]!);
    let a = lists.length - 1;
    while (a >= 0 && ++idx[a]! === lists[a]!.length) idx[a--] = 0;
    if (a < 0) return;
  }
}

/** Winner in grid coordinates, if it lies in the depth slice shown. */
export function winnerOnGrid(winner: readonly number[] | null, depth: number): { r: number; c: number } | null {
  if (!winner) return null;
  const w = fromSpatial(winner);
  return w.depth === depth || winner.length < 3 ? { r: w.r, c: w.c } : null;
}

/** Per spatial dim, what the window does along it: the input pane's counterpart of the size formula. */
export function windowSummary(g: Geometry): string[] {
  const names = AXIS_NAMES[g.inShape.length] ?? g.inShape.map((_, i) => `dim${i}`);
  return g.inShape.map((L, i) => {
    const n = names[i]!;
    if (g.kind === 'global') return `${n}: one window over all ${L}`;
    if (g.kind === 'adaptive') return `${n}: ${L} cells in ${g.outShape[i]} adaptive bins`;
    const pad = g.padBefore[i] === g.padAfter[i] ? `${g.padBefore[i]}` : `${g.padBefore[i]} + ${g.padAfter[i]}`;
    return `${n}: kernel ${g.kernel[i]} \u00b7 stride ${g.stride[i]} \u00b7 padding ${pad} \u00b7 dilation ${g.dilation[i]}`;
  });
}
