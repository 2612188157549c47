// The grid's picture: one pixel per cell, cut into tiles of offscreen canvases (a canvas has a
// size limit), rebuilt once per data change and drawn scaled with nearest neighbour.
import type { GridContent, Viewport } from './gridTypes';

const TILE = 2048;

export interface Tile {
  x: number;
  y: number;
  w: number;
  h: number;
  canvas: HTMLCanvasElement;
}

/** Tiles for `content`, reusing the canvases of `old` where they fit. */
export function buildTiles(content: GridContent, old: readonly Tile[]): Tile[] {
  const { rows, cols, pixels } = content;
  if (rows === 0 || cols === 0) {
    return [];
  }
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

/** The visible part of each visible tile, nearest neighbour. */
export function drawTiles(ctx: CanvasRenderingContext2D, tiles: readonly Tile[], view: Viewport): void {
  const { x0, y0, cw, ch, r0, r1, c0, c1 } = view;
  ctx.imageSmoothingEnabled = false;
  for (const tile of tiles) {
    const sx0 = Math.max(c0, tile.x);
    const sx1 = Math.min(c1, tile.x + tile.w);
    const sy0 = Math.max(r0, tile.y);
    const sy1 = Math.min(r1, tile.y + tile.h);
    if (sx1 <= sx0 || sy1 <= sy0) continue;
    const dx0 = Math.round(x0 + sx0 * cw);
    const dy0 = Math.round(y0 + sy0 * ch);
    const dx1 = Math.round(x0 + sx1 * cw);
    const dy1 = Math.round(y0 + sy1 * ch);
    ctx.drawImage(tile.canvas, sx0 - tile.x, sy0 - tile.y, sx1 - sx0, sy1 - sy0, dx0, dy0, Math.max(1, dx1 - dx0), Math.max(1, dy1 - dy0));
  }
}
