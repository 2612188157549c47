// What a grid shows (its content and linking overlay) and where it shows it (the viewport):
// the shapes shared by the Grid (grid.ts) and its painters (paint.ts).
import type { Highlight } from './overlays';

export interface GridContent {
  rows: number;
  cols: number;
  /** rows × cols packed RGBA pixels (colormap or picture); transparent for NaN. */
  pixels: Uint32Array;
  value(r: number, c: number): number;
  decimals: number;
  /** Cell size (CSS px) from which grid lines are drawn; pictures want them later. Default 6. */
  gridLinesFrom?: number;
  /** rows × cols flags: cells outlined as marked (the Compare view's differing cells). */
  marked?: Uint8Array;
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
