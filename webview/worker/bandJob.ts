// Frames of a chunked load that is still arriving (issue 14): the input rows that arrived, and
// the output rows whose windows they complete, pooled band by band. Only output rows whose
// whole window has arrived are pooled, from exactly those input rows with the same window
// positions (the padding above resolved, none below): every value equals the one the whole
// array gives, bit for bit (test/webview/band.test.ts). Rows not there yet are drawn pending.
// Colours: the input's scale is the whole array's range, which the host sends with a chunk once
// it has worked it out (in slices while the chunks travel; ChunkedArray.range), so rows drawn
// early keep their colours; until it comes no band is drawn. The output's
// is the input's when it fits (max, avg…), else the range of the rows pooled so far until the
// full frame replaces it.
import { plan, runPool } from '../compute';
import { pixelModes, planeGeom } from '../display';
import { computeStats, type Stats } from '../stats';
import type { Params } from '../state';
import type { Arriving, WorkerContext } from './context';
import type { BandResult, FrameRequest, Raster } from './protocol';
import { renderRaster, transferablesOf } from './raster';

/** A row not arrived yet: a faint neutral grey over the theme's background, in any theme. */
export const PENDING_PIXEL = 0x33808080;

type Floats = Float32Array | Float64Array;

export function bandJob(ctx: WorkerContext, req: FrameRequest): { result: BandResult | null; transfer?: ArrayBuffer[] } {
  const arriving = ctx.arriving;
  // Before the range came, colours would change later: nothing is drawn yet.
  if (!arriving || arriving.range === undefined) return { result: null };
  const view = blockView(ctx.data, ctx.shape, req);
  const inputGeom = planeGeom(view ? [view.rows, view.cols] : req.spatialAxes.map((a) => ctx.shape[a] ?? 1));
  const arrived = Math.floor(arriving.assembler.receivedBytes / ctx.data.BYTES_PER_ELEMENT);
  const inputRows = view ? Math.max(0, Math.min(view.rows, Math.floor((arrived - view.base) / view.cols))) : 0;
  const range = arriving.range;
  const inStats: Stats = { count: inputGeom.planeSize, min: range?.min ?? Number.NaN, max: range?.max ?? Number.NaN, mean: Number.NaN, nans: 0 };
  const pooled = view && req.formProblems.length === 0 ? poolArrived(arriving, ctx.data, view, inputRows, req.params) : null;
  const outRows = pooled?.rows ?? 0;
  const modes = pixelModes({
    picture: req.view.picture,
    rgbPlanes: 0,
    bitDepth: req.bitDepth,
    colormap: req.view.colormap,
    decimals: req.view.decimals,
    input: inStats,
    output: pooled && outRows > 0 ? pooled.stats : null,
  });
  const frame = -1; // never a source for patches or cell values: those wait for the full frame
  const data = view ? ctx.data.subarray(view.base, view.base + view.rows * view.cols) : new Float32Array(inputGeom.rows * inputGeom.cols);
  const input = pendingBelow(renderRaster({ source: 'input', frame, data, geom: inputGeom, depth: 0, mode: modes.input, valuePlane: 0 }), inputRows);
  const transfer = transferablesOf(input);
  let output: Raster | null = null;
  if (pooled && modes.output) {
    const geom = planeGeom([pooled.out.length / pooled.cols, pooled.cols]);
    output = pendingBelow(renderRaster({ source: 'output', frame, data: pooled.out, geom, depth: 0, mode: modes.output, valuePlane: 0 }), outRows);
    transfer.push(...transferablesOf(output));
  }
  return {
    result: { inputGeom, inputRows, outRows, outRowsTotal: pooled ? pooled.out.length / pooled.cols : 0, modes, input, output },
    transfer,
  };
}

/** Where the block shown sits in the array when it is one plane of two spatial axes laid out last (so its rows arrive in order); else null. */
function blockView(data: Floats, shape: readonly number[], req: FrameRequest): { base: number; rows: number; cols: number } | null {
  const n = shape.length;
  const [ra, ca] = req.spatialAxes;
  if (req.spatialAxes.length !== 2 || req.planeAxis !== null || ra !== n - 2 || ca !== n - 1) return null;
  let base = 0;
  let stride = 1;
  for (let a = n - 1; a >= 0; a--) {
    if (a < n - 2) base += Math.max(0, Math.min(shape[a]! - 1, req.indices[a] ?? 0)) * stride;
    stride *= shape[a]!;
  }
  const rows = shape[n - 2]!;
  const cols = shape[n - 1]!;
  return base + rows * cols <= data.length && cols > 0 ? { base, rows, cols } : null;
}

/**
 * Pools the output rows whose windows lie within the first `inputRows` rows, continuing from
 * the rows pooled at the last band; null when these parameters are pooled only once all rows
 * are in (adaptive and global windows depend on every row; a problem is shown by the full frame).
 */
function poolArrived(
  arriving: Arriving,
  values: Floats,
  view: { base: number; rows: number; cols: number },
  inputRows: number,
  params: Params,
): { out: Floats; rows: number; cols: number; stats: Stats } | null {
  if (params.kind !== 'window') return null;
  const planned = plan([1, view.rows, view.cols], params);
  if (!planned.ok || planned.plan.geometry.kind !== 'window') return null;
  const g = planned.plan.geometry;
  const [outH, outW] = g.outShape as [number, number];
  const key = JSON.stringify([view.base, params]);
  if (arriving.band?.key !== key) {
    const size = outH * outW;
    const stats: Stats = { count: 0, min: Number.NaN, max: Number.NaN, mean: Number.NaN, nans: 0 };
    arriving.band = { key, out: values instanceof Float64Array ? new Float64Array(size) : new Float32Array(size), rows: 0, failed: false, stats };
  }
  const band = arriving.band;
  if (band.failed) return null;
  const s = g.stride[0]!;
  const pb = g.padBefore[0]!;
  const span = (g.kernel[0]! - 1) * g.dilation[0]! + 1;
  const lastRow = (o: number) => o * s - pb + span - 1;
  let target = band.rows;
  while (target < outH && lastRow(target) < inputRows) target++;
  if (target > band.rows) {
    try {
      const from = band.rows * s - pb;
      const a0 = Math.max(0, from);
      const end = lastRow(target - 1) + 1;
      const block = { shape: [1, end - a0, view.cols], data: values.subarray(view.base + a0 * view.cols, view.base + end * view.cols) };
      const sub: Params = {
        ...params,
        stride: g.stride.slice(),
        padding: [
          [Math.max(0, -from), 0],
          [g.padBefore[1]!, g.padAfter[1]!],
        ],
      };
      const out = runPool(block, sub);
      if (out.data.length !== (target - band.rows) * outW) throw new Error('band shape');
      band.out.set(out.data, band.rows * outW);
      band.rows = target;
      band.stats = mergeStats(band.stats, computeStats(out.data));
    } catch {
      // Parameters the band cannot be cut for: the output waits for the full frame.
      band.failed = true;
      return null;
    }
  }
  return { out: band.out, rows: band.rows, cols: outW, stats: band.stats };
}

/** The statistics of two parts together (the output's rows pooled so far and the new ones). */
function mergeStats(a: Stats, b: Stats): Stats {
  const fa = a.count - a.nans;
  const fb = b.count - b.nans;
  if (fa === 0) return { ...b, count: a.count + b.count, nans: a.nans + b.nans };
  if (fb === 0) return { ...a, count: a.count + b.count, nans: a.nans + b.nans };
  return {
    count: a.count + b.count,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    mean: (a.mean * fa + b.mean * fb) / (fa + fb),
    nans: a.nans + b.nans,
  };
}

/** Rows from `rows` on (in cells) drawn pending. */
function pendingBelow(r: Raster, rows: number): Raster {
  const width = Math.ceil(r.cols / r.step);
  const first = Math.ceil(rows / r.step);
  r.pixels.fill(PENDING_PIXEL, Math.min(r.pixels.length, first * width));
  r.values = null;
  return r;
}
