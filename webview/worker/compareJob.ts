// The compare job: pool the block shown as PyTorch, Keras and ONNX read the parameters
// (src/compare), on one colour scale, and say which cells differ and why. The Compare view
// (webview/compareView.ts) only draws the result.
import { compareFrameworks, FRAMEWORKS, type Column } from '../../src/compare';
import { autoColormap, displayRange, type Range } from '../colormap';
import { planeGeom, sliceOffset, type PlaneGeom } from '../display';
import { formatNumber } from '../format';
import { toPoolOptions } from '../state';
import type { WorkerContext } from './context';
import type { CompareColumn, CompareRequest, CompareResult } from './protocol';
import { renderRaster, transferablesOf } from './raster';

type OkColumn = Extract<Column, { ok: true }>;

export function compareJob(ctx: WorkerContext, x: CompareRequest): { result: CompareResult; transfer?: ArrayBuffer[] } {
  const out = ctx.model.out;
  if (!out) return { result: { kind: 'message', text: ctx.model.problems.length ? 'No output yet: fix the parameters.' : '' } };
  const params = out.params;
  if (params.kind !== 'window') {
    return {
      result: {
        kind: 'message',
        text: 'Compare reads window pooling (kernel, stride, padding) as each framework would; adaptive and global pooling mean the same everywhere.',
      },
    };
  }
  const plane = Math.min(x.plane, out.block.planes - 1);
  let cmp: ReturnType<typeof compareFrameworks>;
  try {
    cmp = compareFrameworks(out.block.array, toPoolOptions(params), { from: params.convention, npyPath: x.npyPath, maxCells: 2000 });
  } catch (e) {
    return { result: { kind: 'message', text: e instanceof Error ? e.message : String(e) } };
  }
  ctx.poolCalls += cmp.columns.filter((c) => c.ok).length;
  const d = params.spatialAxes.length;
  const ok = cmp.columns.filter((c): c is OkColumn => c.ok);
  const geoms = new Map(ok.map((c) => [c.framework, planeGeom(c.output.shape.slice(1))]));
  const range = sharedRange(ok, geoms, plane, x.depth);
  const name = x.view.colormap === 'auto' ? autoColormap(range.lo, range.hi) : x.view.colormap;
  const shownRange = displayRange(name, range.lo, range.hi);

  // The differing cells of the plane shown, keyed by their grid row and column.
  const diffAt: [string, string[]][] = [];
  const markedAt = new Map(FRAMEWORKS.map((f) => [f as string, [] as [number, number][]]));
  const baseline = cmp.baseline;
  for (const diff of cmp.differences) {
    const at = diff.index;
    if (at[0] !== plane) continue;
    const spatial = at.slice(1);
    if (d === 3 && spatial[0] !== x.depth) continue;
    const r = d >= 2 ? spatial[d - 2]! : 0;
    const c = spatial[d - 1]!;
    diffAt.push([`${r},${c}`, diff.reasons]);
    // A column is outlined where it differs from the baseline, so equal columns stay plain.
    for (const f of FRAMEWORKS) {
      const v = diff.values[f];
      const b = baseline === null ? undefined : diff.values[baseline];
      if (f === baseline || !sameValue(v, b)) markedAt.get(f)!.push([r, c]);
    }
  }

  const frame = ++ctx.frame;
  const transfer: ArrayBuffer[] = [];
  const columns: CompareColumn[] = cmp.columns.map((col) => {
    if (!col.ok) return { framework: col.framework, label: col.label, ok: false, reason: col.reason };
    const g = geoms.get(col.framework)!;
    const source = {
      source: `compare:${col.framework}`,
      frame,
      data: col.output.data,
      geom: g,
      depth: x.depth,
      mode: { kind: 'colormap' as const, name, range: shownRange },
      valuePlane: Math.min(plane, Math.max(0, (col.output.shape[0] ?? 1) - 1)),
    };
    ctx.sources.set(source.source, source);
    const raster = renderRaster(source);
    transfer.push(...transferablesOf(raster));
    const marked = (markedAt.get(col.framework) ?? []).filter(([r, c]) => r < g.rows && c < g.cols).map(([r, c]) => r * g.cols + c);
    return { framework: col.framework, label: col.label, ok: true, call: col.reading.call, notes: col.reading.notes.slice(), code: col.code, raster, marked };
  });
  const legend = ok.length
    ? `Shared colour scale (${name}): ${formatNumber(shownRange.lo, x.view.decimals)} \u2013 ${formatNumber(shownRange.hi, x.view.decimals)}`
    : '';
  const baselineLabel = baseline === null ? null : (cmp.columns.find((c) => c.framework === baseline)?.label ?? null);
  return {
    result: {
      kind: 'columns',
      columns,
      baselineLabel,
      differenceCount: cmp.differenceCount,
      reasons: cmp.reasons,
      diffAt,
      legend,
      d,
      depth: x.depth,
      decimals: x.view.decimals,
    },
    transfer,
  };
}

/** One range over every column's plane shown, so equal colours mean equal values. */
function sharedRange(cols: readonly OkColumn[], geoms: Map<string, PlaneGeom>, plane: number, depth: number): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cols) {
    const g = geoms.get(c.framework)!;
    const off = sliceOffset(g, Math.min(plane, Math.max(0, (c.output.shape[0] ?? 1) - 1)), depth);
    for (let i = off; i < off + g.rows * g.cols; i++) {
      const v = c.output.data[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo > hi) return { lo: 0, hi: 1 };
  return { lo, hi };
}

/** Equal as shown values: NaN equals NaN; a missing cell equals nothing. */
function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
