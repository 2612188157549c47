// How a [planes, ...spatial] block maps onto a 2-D grid (1-D: one row; 3-D: one depth
// slice), and how its values become colours: a colormap, a grey picture, or an RGB composite
// (the worker renders the pixels: webview/worker/raster.ts).
import { autoColormap, displayRange, type ColormapName, type Range } from './colormap';
import type { Stats } from './stats';

export interface PlaneGeom {
  rows: number;
  cols: number;
  /** Depth slices (3 spatial dims), else 1. */
  depthCount: number;
  /** Values per plane (all depth slices). */
  planeSize: number;
}

export function planeGeom(spatial: readonly number[]): PlaneGeom {
  const d = spatial.length;
  const rows = d === 1 ? 1 : spatial[d - 2]!;
  const cols = spatial[d - 1]!;
  const depthCount = d === 3 ? spatial[0]! : 1;
  return { rows, cols, depthCount, planeSize: rows * cols * depthCount };
}

/** Offset of (plane, depth slice) in the block's data. */
export function sliceOffset(g: PlaneGeom, plane: number, depth: number): number {
  return plane * g.planeSize + Math.max(0, Math.min(g.depthCount - 1, depth)) * g.rows * g.cols;
}

/** Grid (row, col) at a depth → spatial coordinates in the block's axis order. */
export function toSpatial(d: number, depth: number, r: number, c: number): number[] {
  return d === 1 ? [c] : d === 2 ? [r, c] : [depth, r, c];
}

/** Spatial coordinates → grid (row, col) and the depth they sit at. */
export function fromSpatial(cell: readonly number[]): { r: number; c: number; depth: number } {
  const d = cell.length;
  if (d === 1) return { r: 0, c: cell[0]!, depth: 0 };
  if (d === 2) return { r: cell[0]!, c: cell[1]!, depth: 0 };
  return { r: cell[1]!, c: cell[2]!, depth: cell[0]! };
}

/**
 * The range a picture spans. A decoded image (`bitDepth` given): its full scale when
 * the data fits in it (0..255 for 8-bit), else the next common scale. Any other
 * array: its own range.
 */
export function pictureRange(stats: Stats, bitDepth?: number): Range {
  const { min, max } = stats;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1 };
  if (bitDepth !== undefined && min >= 0) {
    const full = bitDepth > 0 && bitDepth <= 16 ? 2 ** bitDepth - 1 : 0;
    if (full > 0 && max <= full) return { lo: 0, hi: full };
    for (const s of [1, 255, 65535]) if (max <= s) return { lo: 0, hi: s };
    return { lo: 0, hi: max };
  }
  return min === max ? { lo: min - 0.5, hi: max + 0.5 } : { lo: min, hi: max };
}

export type PixelMode = { kind: 'colormap'; name: ColormapName; range: Range } | { kind: 'rgb'; range: Range; planes: number };

export type LegendModel =
  | { kind: 'colormap'; name: ColormapName; range: Range; decimals: number }
  | { kind: 'picture'; channels: string; range: Range; decimals: number };

export interface PixelModes {
  input: PixelMode;
  output: PixelMode | null;
  legendIn: LegendModel;
  legendOut: LegendModel | null;
}

export interface PixelModeInput {
  picture: boolean;
  /** Colour planes in the block (3 or 4) when an RGB picture is shown, else 0. */
  rgbPlanes: number;
  /** A decoded image's bit depth (pictures then span its full scale). */
  bitDepth: number | undefined;
  colormap: ColormapName | 'auto';
  decimals: number;
  input: Stats;
  output: Stats | null;
}

/**
 * How both grids are coloured. The output shares the input's range when its values
 * fit in it (max, min, avg), so equal values have equal colours on both sides; sums
 * and norms that outgrow it get their own.
 */
export function pixelModes(m: PixelModeInput): PixelModes {
  const { input: inStats, output: outStats, decimals } = m;
  const fitsIn = (r: Range) => outStats !== null && (Number.isNaN(outStats.min) || (outStats.min >= r.lo && outStats.max <= r.hi));
  if (m.picture) {
    const range = pictureRange(inStats, m.bitDepth);
    const outRange = outStats ? (fitsIn(range) ? range : pictureRange(outStats)) : range;
    if (m.rgbPlanes >= 3) {
      const legend = (r: Range): LegendModel => ({ kind: 'picture', channels: m.rgbPlanes === 4 ? 'RGB (alpha not shown)' : 'RGB', range: r, decimals });
      return {
        input: { kind: 'rgb', range, planes: m.rgbPlanes },
        output: outStats ? { kind: 'rgb', range: outRange, planes: m.rgbPlanes } : null,
        legendIn: legend(range),
        legendOut: outStats ? legend(outRange) : null,
      };
    }
    return colormapModes('gray', range, outStats ? outRange : null, decimals);
  }
  const name: ColormapName = m.colormap === 'auto' ? autoColormap(inStats.min, inStats.max) : m.colormap;
  const range = displayRange(name, inStats.min, inStats.max);
  const outRange = outStats ? (fitsIn(range) ? range : displayRange(name, outStats.min, outStats.max)) : null;
  return colormapModes(name, range, outRange, decimals);
}

function colormapModes(name: ColormapName, range: Range, outRange: Range | null, decimals: number): PixelModes {
  return {
    input: { kind: 'colormap', name, range },
    output: outRange ? { kind: 'colormap', name, range: outRange } : null,
    legendIn: { kind: 'colormap', name, range, decimals },
    legendOut: outRange ? { kind: 'colormap', name, range: outRange, decimals } : null,
  };
}
