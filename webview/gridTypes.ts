// What a grid shows (its content and linking overlay) and where it shows it (the viewport):
// the shapes shared by the Grid (grid.ts) and its painters (paint.ts).
import type { Highlight } from './overlays';
import type { Patch, PatchRequest, Raster } from './worker/protocol';

export interface GridContent {
  rows: number;
  cols: number;
  /** The plane as the worker rendered it (packed RGBA, transparent for NaN; downsampled when large). */
  raster: Raster;
  decimals: number;
  /** Cell size (CSS px) from which grid lines are drawn; pictures want them later. Default 6. */
  gridLinesFrom?: number;
  /** Cells outlined as marked (the Compare view's differing cells), as r * cols + c. */
  marked?: ReadonlySet<number>;
  /** Asks the worker for a zoomed-in part of a downsampled raster (absent: the raster is all there is). */
  patch?: (req: PatchRequest) => Promise<Patch | null>;
}

export interface Overlay {
  highlight: Highlight | null;
  selected: { r: number; c: number } | null;
  hover: { r: number; c: number } | null;
}

/** Where cells land on the canvas this frame, and which of them are visible. */
export interface Viewport {
  /** Canvas position (CSS px) of cell (0, 0)'s top-left corner. */
  x0: number;
  y0: number;
  /** Cell width and height in CSS px. */
  cw: number;
  ch: number;
  /** Visible rows [r0, r1) and columns [c0, c1). */
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}
