// A grid's pictures: packed RGBA images (the worker's whole-plane raster, one pixel per
// step × step cells, or a zoomed-in patch) cut into tiles of offscreen canvases (a canvas has a
// size limit), rebuilt once per data change and drawn scaled with nearest neighbour.
import type { Viewport } from './gridTypes';

const TILE = 2048;

export interface Tile {
  x: number;
  y: number;
  w: number;
  h: number;
  canvas: HTMLCanvasElement;
}

/** An image over cells [r0, r0 + rows) × [c0, c0 + cols), one pixel per step × step cells. */
export interface Picture {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  step: number;
  tiles: Tile[];
}

/** The picture of `pixels`, reusing the canvases of `old` where they fit. */
export function buildPicture(pixels: Uint32Array, at: Omit<Picture, 'tiles'>, old: readonly Tile[]): Picture {
  const w = Math.ceil(at.cols / at.step);
  const h = Math.ceil(at.rows / at.step);
  return { ...at, tiles: w === 0 || h === 0 ? [] : buildTiles(pixels, w, h, old) };
}

function buildTiles(pixels: Uint32Array, cols: number, rows: number, old: readonly Tile[]): Tile[] {
  // A view on the pixels, not a copy (they are never backed by a SharedArrayBuffer).
  const image = new ImageData(new Uint8ClampedArray(pixels.buffer as ArrayBuffer, pixels.byteOffset, rows * cols * 4), cols, rows);
  const tiles: Tile[] = [];
  let i = 0;
  for (let y = 0; y < rows; y += TILE) {
    for (let x = 0; x < cols; x += TILE) {
      const w = Math.min(TILE, cols - x);
      const hh = Math.min(TILE, rows - y);
      // Reuse a tile's canvas when it is big enough (only its top-left w × h is drawn):
      // a new canvas means fresh memory, which is slow to touch.
      const prev = old[i];
      let canvas: HTMLCanvasElement;
      if (prev && prev.canvas.width >= w && prev.canvas.height >= hh && prev.canvas.width <= 2 * w && prev.canvas.height <= 2 * hh) canvas = prev.canvas;
      else {
        canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = hh;
      }
      const tctx = canvas.getContext('2d');
      if (!tctx) throw new Error('This webview cannot create a 2-D canvas.');
      tctx.putImageData(image, -x, -y, x, y, w, hh);
      tiles.push({ x, y, w, h: hh, canvas });
      i++;
    }
  }
  return tiles;
}

/** True when the picture covers the visible cells. */
export function covers(p: Picture, view: Viewport): boolean {
  return p.r0 <= view.r0 && p.c0 <= view.c0 && p.r0 + p.rows >= view.r1 && p.c0 + p.cols >= view.c1;
}

/** The visible part of each visible tile, nearest neighbour. */
export function drawPicture(ctx: CanvasRenderingContext2D, p: Picture, view: Viewport): void {
  const { x0, y0, cw, ch } = view;
  const s = p.step;
  // Visible cells inside the picture, in picture pixels (a last pixel may cover fewer cells).
  const px0 = Math.floor((Math.max(view.c0, p.c0) - p.c0) / s);
  const px1 = Math.ceil((Math.min(view.c1, p.c0 + p.cols) - p.c0) / s);
  const py0 = Math.floor((Math.max(view.r0, p.r0) - p.r0) / s);
  const py1 = Math.ceil((Math.min(view.r1, p.r0 + p.rows) - p.r0) / s);
  if (px1 <= px0 || py1 <= py0) return;
  const colAt = (x: number) => p.c0 + Math.min(p.cols, x * s);
  const rowAt = (y: number) => p.r0 + Math.min(p.rows, y * s);
  ctx.imageSmoothingEnabled = false;
  for (const tile of p.tiles) {
    const sx0 = Math.max(px0, tile.x);
    const sx1 = Math.min(px1, tile.x + tile.w);
    const sy0 = Math.max(py0, tile.y);
    const sy1 = Math.min(py1, tile.y + tile.h);
    if (sx1 <= sx0 || sy1 <= sy0) continue;
    const dx0 = Math.round(x0 + colAt(sx0) * cw);
    const dy0 = Math.round(y0 + rowAt(sy0) * ch);
    const dx1 = Math.round(x0 + colAt(sx1) * cw);
    const dy1 = Math.round(y0 + rowAt(sy1) * ch);
    ctx.drawImage(tile.canvas, sx0 - tile.x, sy0 - tile.y, sx1 - sx0, sy1 - sy0, dx0, dy0, Math.max(1, dx1 - dx0), Math.max(1, dy1 - dy0));
  }
}
