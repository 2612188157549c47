/*
 * Why two frameworks' outputs differ at a cell, in words. Windows are separable, so everything
 * is worked out per axis once (where each window starts, how many of its taps are input cells or
 * counted padding) and combined per cell.
 */
import { outputSizeFormula, poolInfo } from '../core/index.js';
import type { PoolInfo } from '../core/index.js';
import { FRAMEWORK_LABEL } from './readings.js';
import type { Reading } from './readings.js';

/** Per axis and output position: first tap, input cells and counted padded taps. */
interface AxisWindows {
  first: number[];
  last: number[];
  inside: number[];
  padded: number[];
}

export interface Geometry {
  reading: Reading;
  info: PoolInfo;
  axes: AxisWindows[];
  sizeText: string[];
}

export function geometry(shape: readonly number[], reading: Reading): Geometry {
  const info = poolInfo(shape, reading.options);
  const axes = info.inSpatial.map((L, a) => {
    const w: AxisWindows = { first: [], last: [], inside: [], padded: [] };
    const k = info.kernel[a]!;
    const s = info.stride[a]!;
    const dil = info.dilation[a]!;
    const pb = info.padBefore[a]!;
    const pa = info.padAfter[a]!;
    for (let t = 0; t < info.outSpatial[a]!; t++) {
      const first = t * s - pb;
      let inside = 0;
      let padded = 0;
      for (let j = 0; j < k; j++) {
        const q = first + j * dil;
        if (q >= 0 && q < L) inside++;
        else if (q >= -pb && q < L + pa) padded++;
      }
      w.first.push(first);
      w.last.push(first + (k - 1) * dil);
      w.inside.push(inside);
      w.padded.push(padded);
    }
    return w;
  });
  const sizeText = outputSizeFormula(shape, reading.options).map((f) => f.text);
  return { reading, info, axes, sizeText };
}

/** Names of the spatial axes and their two ends: rows (top/bottom), columns (left/right), … */
export function axisWords(d: number, a: number): { unit: string; before: string; after: string } {
  const fromEnd = d - a;
  if (fromEnd === 1) return { unit: d === 1 ? 'positions' : 'columns', before: 'on the left', after: 'on the right' };
  if (fromEnd === 2) return { unit: 'rows', before: 'on top', after: 'at the bottom' };
  return { unit: `planes (axis ${a})`, before: 'in front', after: 'at the back' };
}

/** "Keras padding='same' pads 0 on top and 1 at the bottom here" — the framework's own words. */
function paddingPhrase(g: Geometry, a: number): string {
  const r = g.reading;
  const d = g.info.kernel.length;
  const w = axisWords(d, a);
  const pb = g.info.padBefore[a]!;
  const pa = g.info.padAfter[a]!;
  const label = FRAMEWORK_LABEL[r.framework];
  let arg: string;
  if (r.args.framework === 'pytorch') arg = `padding=${pb}`;
  else if (r.args.framework === 'keras') arg = `padding='${r.args.params.padding ?? 'valid'}'`;
  else if (r.args.params.auto_pad !== undefined) arg = `auto_pad='${r.args.params.auto_pad}'`;
  else arg = `pads=[${(r.args.params.pads ?? []).join(', ')}]`;
  let what: string;
  if (pb === 0 && pa === 0) what = 'pads nothing';
  else if (pb === pa) what = `pads ${pb} on both sides`;
  else what = `pads ${pb} ${w.before} and ${pa} ${w.after} here`;
  return `${label} ${arg} ${what}`;
}

function divisorOf(g: Geometry, taps: { inside: number; padded: number }): { value: number; why: string } {
  const r = g.reading;
  const override = r.options.divisorOverride;
  if (override !== undefined) return { value: override, why: `divisor_override=${override}` };
  const counts = r.options.countIncludePad === true;
  const value = counts ? taps.inside + taps.padded : taps.inside;
  let why: string;
  if (r.framework === 'keras') why = 'padding never counts';
  else if (r.framework === 'pytorch') why = `count_include_pad=${counts ? 'True' : 'False'}`;
  else why = `count_include_pad=${counts ? 1 : 0}`;
  return { value, why };
}

const range = (lo: number, hi: number): string => (lo === hi ? String(lo) : `${lo} to ${hi}`);

/**
 * Reasons output `o` (spatial index; a position may be missing in one of them) differs between
 * `base` and `other`. Memoised by the caller: the text depends on the per-axis positions only.
 */
export function explain(base: Geometry, other: Geometry, o: readonly number[]): string[] {
  const reasons: string[] = [];
  const d = o.length;
  const labelB = FRAMEWORK_LABEL[base.reading.framework];
  const labelO = FRAMEWORK_LABEL[other.reading.framework];
  // 1. The cell exists in one output only.
  for (let a = 0; a < d; a++) {
    const inB = o[a]! < base.info.outSpatial[a]!;
    const inO = o[a]! < other.info.outSpatial[a]!;
    if (inB !== inO) {
      const w = axisWords(d, a);
      const missing = inB ? labelO : labelB;
      reasons.push(
        `${missing} has no output here: ${labelB} gives ${base.info.outSpatial[a]} ${w.unit} (${base.sizeText[a]}), ` +
          `${labelO} ${other.info.outSpatial[a]} (${other.sizeText[a]})`,
      );
    }
  }
  if (reasons.length > 0) return reasons;
  // 2. The windows lie elsewhere (padding split differently, ceil mode read as 'same', …).
  for (let a = 0; a < d; a++) {
    const fb = base.axes[a]!.first[o[a]!]!;
    const fo = other.axes[a]!.first[o[a]!]!;
    const lb = base.axes[a]!.last[o[a]!]!;
    const lo = other.axes[a]!.last[o[a]!]!;
    if (fb !== fo || lb !== lo) {
      const w = axisWords(d, a);
      reasons.push(
        `${paddingPhrase(other, a)}; ${paddingPhrase(base, a)}: this window covers input ${w.unit} ` +
          `${range(fo, lo)} in ${labelO}, ${range(fb, lb)} in ${labelB} (negative or past the end: padding)`,
      );
    }
  }
  // 3. The same window divided by another count.
  const mode = base.reading.options.mode;
  if (mode === 'avg' && other.reading.options.mode === 'avg') {
    const tb = cellTaps(base, o);
    const to = cellTaps(other, o);
    const db = divisorOf(base, tb);
    const dO = divisorOf(other, to);
    if (db.value !== dO.value) {
      const padAxes = base.axes.filter((ax, a) => ax.padded[o[a]!]! > 0 || other.axes[a]!.padded[o[a]!]! > 0).length;
      const where = padAxes >= 2 ? 'corner window' : padAxes === 1 ? 'edge window' : 'window';
      reasons.push(`${where}: ${labelB} divides by ${db.value} (${db.why}), ${labelO} by ${dO.value} (${dO.why})`);
    }
  }
  // 4. Same window, same divisor: the operation itself.
  if (reasons.length === 0 && (base.reading.absInput || other.reading.absInput)) {
    reasons.push("ONNX LpPool takes |x| and PyTorch's LPPool does not: they differ where the window holds negative values");
  }
  if (reasons.length === 0) reasons.push(`${labelB} and ${labelO} round this window's result differently`);
  return reasons;
}

function cellTaps(g: Geometry, o: readonly number[]): { inside: number; padded: number } {
  let inside = 1;
  let all = 1;
  o.forEach((t, a) => {
    const ax = g.axes[a]!;
    inside *= ax.inside[t]!;
    all *= ax.inside[t]! + ax.padded[t]!;
  });
  return { inside, padded: all - inside };
}
