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

/** Values of cells [r0, r0+rows) × [c0, c0+cols) of one slice, every `step`-th. A view when nothing is skipped or cut. */
function sampleSlice(slice: Floats, cols: number, r0: number, c0: number, rows: number, ncols: number, step: number): Floats {
  if (step === 1 && c0 === 0 && ncols === cols) return slice.subarray(r0 * cols, (r0 + rows) * cols);
  const oh = Math.ceil(rows / step);
  const ow = Math.ceil(ncols / step);
  const out = slice instanceof Float64Array ? new Float64Array(oh * ow) : new Float32Array(oh * ow);
  let k = 0;
  for (let y = 0; y < oh; y++) {
    const row = (r0 + y * step) * cols + c0;
    for (let x = 0; x < ow; x++) out[k++] = slice[row + x * step]!;
  }
  return out;
}

function sliceOf(s: PlaneSource, plane: number): Floats {
  const n = s.geom.rows * s.geom.cols;
  const off = sliceOffset(s.geom, plane, s.depth);
  return s.data.subarray(off, off + n);
}

function renderRect(s: PlaneSource, r0: number, c0: number, rows: number, cols: number, step: number): Uint32Array {
  const pixels = new Uint32Array(Math.ceil(rows / step) * Math.ceil(cols / step));
  const g = s.geom;
  const sample = (plane: number) => sampleSlice(sliceOf(s, plane), g.cols, r0, c0, rows, cols, step);
  if (s.mode.kind === 'colormap') renderScalar(sample(0), pixels, colormapLut(s.mode.name), s.mode.range);
  else {
    const last = s.mode.planes - 1;
    renderRgb(sample(0), sample(Math.min(1, last)), sample(Math.min(2, last)), pixels, s.mode.range);
  }
  return pixels;
}

/** A copy of the values of cells in a rectangle of the value plane (copied: the plane stays in the worker). */
function valuesOf(s: PlaneSource, r0: number, c0: number, rows: number, cols: number): Floats {
  return sampleSlice(sliceOf(s, s.valuePlane), s.geom.cols, r0, c0, rows, cols, 1).slice();
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
