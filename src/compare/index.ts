/*
 * Compare frameworks: the current parameters read as PyTorch, Keras and ONNX would read them,
 * each framework's output computed by our core, the cells where they differ and why, and each
 * column as runnable code. Pure: no vscode, no DOM (a webview view calls it).
 */
import { pool, poolInfo, toCode } from '../core/index.js';
import type { CodeInput, NDArray, PoolOptions } from '../core/index.js';
import { explain, geometry } from './explain.js';
import type { Geometry } from './explain.js';
import { FRAMEWORK_LABEL, FRAMEWORKS, readAs } from './readings.js';
import type { Framework, Reading } from './readings.js';

export { FRAMEWORK_LABEL, FRAMEWORKS, readAs } from './readings.js';
export type { Framework, FrameworkArgs, Reading, ReadingResult } from './readings.js';

export interface CompareSettings {
  /** The convention the parameters are written in: the others are explained against its column. Default 'pytorch'. */
  from?: Framework;
  /** Inputs with more values than this load `npyPath` in the snippets instead of listing the values. Default 4096. */
  maxInlineValues?: number;
  /** Default 'input.npy'. */
  npyPath?: string;
  /** At most this many differing cells are listed and explained (all are counted). Default 10000. */
  maxCells?: number;
}

export type Column =
  | { framework: Framework; label: string; ok: true; reading: Reading; output: NDArray; code: string }
  /** The framework cannot express the parameters: `reason` says so in place of its output. */
  | { framework: Framework; label: string; ok: false; reason: string };

export interface CellDifference {
  /** Output index, leading dims included. */
  index: number[];
  /** Each expressible framework's value there; null where its output has no such cell. */
  values: Partial<Record<Framework, number | null>>;
  /** One sentence per cause, each framework against the baseline column. */
  reasons: string[];
}

export interface Comparison {
  /** The column the others are explained against (null when no framework can express the parameters). */
  baseline: Framework | null;
  columns: Column[];
  differences: CellDifference[];
  /** Every differing cell, also those past `maxCells`. */
  differenceCount: number;
  /** Each distinct reason, with how many of the listed cells it explains. */
  reasons: { text: string; cells: number }[];
}

export function compareFrameworks(input: NDArray, options: PoolOptions, settings: CompareSettings = {}): Comparison {
  const float32 = input.data instanceof Float32Array;
  const n = input.data.length;
  const codeInput: CodeInput =
    n <= (settings.maxInlineValues ?? 4096)
      ? { kind: 'values', values: input.data, dtype: float32 ? 'float32' : 'float64' }
      : { kind: 'npy', path: settings.npyPath ?? 'input.npy', dtype: float32 ? 'float32' : 'float64' };
  // Invalid parameters are the caller's error, not a framework's limitation.
  poolInfo(input.shape, options);
  const columns: Column[] = FRAMEWORKS.map((framework) => {
    const label = FRAMEWORK_LABEL[framework];
    const r = readAs(framework, input.shape, options, float32);
    if (!r.ok) return { framework, label, ok: false, reason: r.reason };
    const x = r.reading.absInput ? { shape: input.shape, data: input.data.map(Math.abs) } : input;
    const output = pool(x, r.reading.options).output;
    const code = toCode(r.reading.options, framework, input.shape, codeInput);
    return { framework, label, ok: true, reading: r.reading, output, code };
  });
  const ok = columns.filter((c): c is Extract<Column, { ok: true }> => c.ok);
  const from = settings.from ?? 'pytorch';
  const base = ok.find((c) => c.framework === from) ?? ok[0];
  if (base === undefined) return { baseline: null, columns, differences: [], differenceCount: 0, reasons: [] };
  const geo = new Map<Framework, Geometry>(ok.map((c) => [c.framework, geometry(input.shape, c.reading)]));
  const found = differences(ok, base.framework, geo, settings.maxCells ?? 10000);
  return { baseline: base.framework, columns, ...found };
}

function differences(
  cols: readonly Extract<Column, { ok: true }>[],
  baseline: Framework,
  geo: Map<Framework, Geometry>,
  maxCells: number,
): Pick<Comparison, 'differences' | 'differenceCount' | 'reasons'> {
  const baseGeo = geo.get(baseline)!;
  const d = baseGeo.info.kernel.length;
  const planes = baseGeo.info.batchShape.reduce((a, b) => a * b, 1);
  const box = baseGeo.info.outSpatial.map((_, a) => Math.max(...cols.map((c) => geo.get(c.framework)!.info.outSpatial[a]!)));
  const boxCells = box.reduce((a, b) => a * b, 1);
  const tally = new Map<string, number>();
  const out: CellDifference[] = [];
  let count = 0;
  const o = new Array<number>(d).fill(0);
  const vals = new Array<number | null>(cols.length);
  const bi = cols.findIndex((col) => col.framework === baseline);
  const sizes = cols.map((col) => geo.get(col.framework)!.info.outSpatial);
  const planeCells = sizes.map((sz) => sz.reduce((x, y) => x * y, 1));
  const data = cols.map((col) => col.output.data);
  const allSame = sizes.every((sz) => sz.every((v, a) => v === box[a]));
  for (let p = 0; p < planes; p++) {
    for (let c = 0; c < boxCells; c++) {
      if (allSame) {
        // Same shapes: compare in place before reading any index.
        const at = p * boxCells + c;
        const b = data[bi]![at]!;
        let differs = false;
        for (let k = 0; k < data.length; k++) if (!same(data[k]![at]!, b)) differs = true;
        if (!differs) continue;
      }
      let rest = c;
      for (let a = d - 1; a >= 0; a--) {
        o[a] = rest % box[a]!;
        rest = Math.floor(rest / box[a]!);
      }
      let differs = false;
      for (let k = 0; k < cols.length; k++) vals[k] = valueAt(data[k]!, sizes[k]!, planeCells[k]!, p, o);
      for (let k = 0; k < cols.length; k++) if (!same(vals[k]!, vals[bi]!)) differs = true;
      if (!differs) continue;
      count++;
      // Only listed cells are explained: a whole shifted image would otherwise cost a sentence per cell.
      if (out.length >= maxCells) continue;
      const values: Partial<Record<Framework, number | null>> = {};
      const reasons: string[] = [];
      cols.forEach((col, k) => {
        values[col.framework] = vals[k]!;
        if (same(vals[k]!, vals[bi]!)) return;
        for (const r of explain(baseGeo, geo.get(col.framework)!, o)) if (!reasons.includes(r)) reasons.push(r);
      });
      for (const r of reasons) tally.set(r, (tally.get(r) ?? 0) + 1);
      out.push({ index: [...unflatten(p, baseGeo.info.batchShape), ...o], values, reasons });
    }
  }
  return { differences: out, differenceCount: count, reasons: [...tally].map(([text, cells]) => ({ text, cells })) };
}

function valueAt(data: NDArray['data'], outSpatial: readonly number[], planeCells: number, plane: number, o: readonly number[]): number | null {
  let flat = 0;
  for (let a = 0; a < o.length; a++) {
    if (o[a]! >= outSpatial[a]!) return null;
    flat = flat * outSpatial[a]! + o[a]!;
  }
  return data[plane * planeCells + flat]!;
}

/** NaN equals NaN; −0 equals +0 (no framework promises a zero's sign). */
function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function unflatten(i: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = i % shape[a]!;
    i = Math.floor(i / shape[a]!);
  }
  return out;
}
