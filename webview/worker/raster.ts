// Pixels of the part of a plane a grid shows, made in the worker: the whole plane at most
// OVERVIEW_SIDE pixels a side (one pixel per step × step cells, the cell at the block's corner,
// as nearest-neighbour scaling would pick it), or a visible patch at screen resolution when
// zoomed in. The UI thread never holds a full-plane RGBA buffer of a large array. Pure.
import { colormapLut, renderRgb, renderScalar } from '../colormap';
import { sliceOffset, type PixelMode, type PlaneGeom } from '../display';
import type { Patch, PatchRequest, Raster } from './protocol';

/** Longest side of a whole-plane raster: 1024² cells are sent one pixel per cell. */
export const OVERVIEW_SIDE = 1024;
/** Planes (and step-1 patches) up to this many cells travel with their values. */
export const VALUES_MAX = 1 << 20;

/** Everything needed to render any part of one plane again (kept per source for patches). */
export interface PlaneSource {
  source: string;
  frame: number;
  data: Float32Array | Float64Array;
  geom: PlaneGeom;
  depth: number;
  mode: PixelMode;
  /** The plane whose numbers are shown. */
  valuePlane: number;
}

type Floats = Float32Array | Float64Array;

function sliceOf(s: PlaneSource, plane: number): Floats {
  const n = s.geom.rows * s.geom.cols;
  const off = sliceOffset(s.geom, plane, s.depth);
  return s.data.subarray(off, off + n);
}

/**
 * Pixels of cells [r0, r0+rows) × [c0, c0+cols), every `step`-th, rendered a pixel row at a time
 * so the only temporaries are one sampled row per colour plane, whatever the plane's size.
 */
function renderRect(s: PlaneSource, r0: number, c0: number, rows: number, cols: number, step: number): Uint32Array {
  const oh = Math.ceil(rows / step);
  const ow = Math.ceil(cols / step);
  const pixels = new Uint32Array(oh * ow);
  const mode = s.mode;
  const planes = mode.kind === 'colormap' ? [0] : [0, 1, 2].map((p) => Math.min(p, mode.planes - 1));
  const slices = planes.map((p) => sliceOf(s, p));
  const rowBuffers = slices.map((slice) => (slice instanceof Float64Array ? new Float64Array(ow) : new Float32Array(ow)));
  const lut = mode.kind === 'colormap' ? colormapLut(mode.name) : null;
  const cellCols = s.geom.cols;
  for (let y = 0; y < oh; y++) {
    const out = pixels.subarray(y * ow, (y + 1) * ow);
    const r = r0 + y * step;
    const row = (i: number) => sampleRow(slices[i]!, cellCols, r, c0, step, rowBuffers[i]!);
    if (lut) renderScalar(row(0), out, lut, mode.range);
    else renderRgb(row(0), row(1), row(2), out, mode.range);
  }
  return pixels;
}

/** Every `step`-th value of row r from column c0 on, into `into` (its length is the count); a view when step is 1. */
function sampleRow(slice: Floats, cols: number, r: number, c0: number, step: number, into: Floats): Floats {
  const at = r * cols + c0;
  if (step === 1) return slice.subarray(at, at + into.length);
  for (let x = 0; x < into.length; x++) into[x] = slice[at + x * step]!;
  return into;
}

/** A copy of the values of cells in a rectangle of the value plane (copied: the plane stays in the worker). */
function valuesOf(s: PlaneSource, r0: number, c0: number, rows: number, cols: number): Floats {
  const slice = sliceOf(s, s.valuePlane);
  const w = s.geom.cols;
  if (c0 === 0 && cols === w) return slice.slice(r0 * w, (r0 + rows) * w);
  const out = slice instanceof Float64Array ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) out.set(slice.subarray((r0 + y) * w + c0, (r0 + y) * w + c0 + cols), y * cols);
  return out;
}

/** The whole plane, downsampled to at most OVERVIEW_SIDE a side. */
export function renderRaster(s: PlaneSource): Raster {
  const { rows, cols } = s.geom;
  const step = Math.max(1, Math.ceil(Math.max(rows, cols) / OVERVIEW_SIDE));
  return {
    source: s.source,
    frame: s.frame,
    rows,
    cols,
    step,
    pixels: renderRect(s, 0, 0, rows, cols, step),
    values: rows * cols <= VALUES_MAX ? valuesOf(s, 0, 0, rows, cols) : null,
  };
}

/** A zoomed-in part of the plane (clamped to it), with values when it is one pixel per cell and small. */
export function renderPatch(s: PlaneSource, req: PatchRequest): Patch {
  const { rows, cols } = s.geom;
  const r0 = Math.max(0, Math.min(rows, Math.floor(req.r0)));
  const c0 = Math.max(0, Math.min(cols, Math.floor(req.c0)));
  const h = Math.max(0, Math.min(rows - r0, Math.ceil(req.rows)));
  const w = Math.max(0, Math.min(cols - c0, Math.ceil(req.cols)));
  const step = Math.max(1, Math.floor(req.step));
  return {
    source: s.source,
    frame: s.frame,
    r0,
    c0,
    rows: h,
    cols: w,
    step,
    pixels: renderRect(s, r0, c0, h, w, step),
    values: step === 1 && h * w <= VALUES_MAX ? valuesOf(s, r0, c0, h, w) : null,
  };
}

/** The buffers a raster or patch can hand over instead of copying. */
export function transferablesOf(r: { pixels: Uint32Array; values: Floats | null }): ArrayBuffer[] {
  const out = [r.pixels.buffer as ArrayBuffer];
  if (r.values) out.push(r.values.buffer as ArrayBuffer);
  return out;
}
