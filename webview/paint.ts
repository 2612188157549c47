// Painting a grid's values and linking overlays onto its canvas (the Grid decides
// what is visible and calls these each frame).
import { cssVar } from './dom';
import { inkFor, unpackRgba } from './colormap';
import { formatNumber } from './format';
import type { GridContent, Overlay, Viewport } from './gridTypes';

/** The colours a grid paints with, read from VS Code's theme variables. */
export interface Theme {
  background: string;
  foreground: string;
  border: string;
  link: string;
  winner: string;
  focus: string;
  halo: string;
  font: string;
}

export function readTheme(): Theme {
  return {
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    foreground: cssVar('--vscode-editor-foreground', '#cccccc'),
    border: cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
    link: cssVar('--vscode-charts-orange', '#d18616'),
    winner: cssVar('--vscode-charts-red', '#f14c4c'),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    halo: cssVar('--vscode-editor-background', '#1e1e1e'),
    font: cssVar('--vscode-editor-font-family', 'monospace'),
  };
}

/** The text shown where there is nothing to draw (e.g. no output for bad parameters). */
export function paintEmptyText(ctx: CanvasRenderingContext2D, t: Theme, text: string, W: number, H: number): void {
  if (!text) return;
  ctx.fillStyle = t.foreground;
  ctx.globalAlpha = 0.7;
  ctx.font = `13px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, W / 2, H / 2, W - 16);
  ctx.globalAlpha = 1;
}

/** Lines between cells once cells are big enough, and the array's border. */
export function paintGridLines(ctx: CanvasRenderingContext2D, t: Theme, c: GridContent, v: Viewport): void {
  const { x0, y0, cw, ch, r0, r1, c0, c1 } = v;
  const lineMin = c.gridLinesFrom ?? 6;
  if (cw >= lineMin && ch >= lineMin && c1 > c0 && r1 > r0) {
    ctx.beginPath();
    for (let col = c0; col <= c1; col++) {
      const x = Math.round(x0 + col * cw) + 0.5;
      ctx.moveTo(x, y0 + r0 * ch);
      ctx.lineTo(x, y0 + r1 * ch);
    }
    for (let row = r0; row <= r1; row++) {
      const y = Math.round(y0 + row * ch) + 0.5;
      ctx.moveTo(x0 + c0 * cw, y);
      ctx.lineTo(x0 + c1 * cw, y);
    }
    ctx.strokeStyle = t.background;
    ctx.globalAlpha = Math.min(0.6, (Math.min(cw, ch) - lineMin + 2) / 20);
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  ctx.strokeStyle = t.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(x0) - 0.5, Math.round(y0) - 0.5, Math.round(c.cols * cw) + 1, Math.round(c.rows * ch) + 1);
}

/** What paintValues reads of the cells: a value (NaN when not at hand) and its packed colour (undefined: unknown). */
export interface CellReader {
  decimals: number;
  value(r: number, c: number): number;
  color(r: number, c: number): number | undefined;
}

/** True when the visible cells are big enough, and few enough, to print their values. */
export function labelsFit(v: Viewport): boolean {
  const visible = (v.r1 - v.r0) * (v.c1 - v.c0);
  return v.cw >= 16 && v.ch >= 12 && visible > 0 && visible <= 20000;
}

/** The values of the visible cells, once cells are big enough to hold them. */
export function paintValues(ctx: CanvasRenderingContext2D, theme: Theme, c: CellReader, v: Viewport): void {
  const { x0, y0, cw, ch, r0, r1, c0, c1 } = v;
  if (!labelsFit(v)) return;
  const visible = (r1 - r0) * (c1 - c0);
  const base = Math.min(13, Math.floor(ch * 0.42));
  ctx.font = `${base}px ${theme.font}`;
  // One font size for every visible value, small enough for the widest: a grid where
  // some cells show numbers and others do not reads as broken.
  const texts: string[] = new Array<string>(visible);
  let widest = 0;
  let k = 0;
  for (let r = r0; r < r1; r++) {
    for (let col = c0; col < c1; col++) {
      const text = formatNumber(c.value(r, col), c.decimals);
      texts[k++] = text;
      widest = Math.max(widest, ctx.measureText(text).width);
    }
  }
  const size = Math.min(base, Math.floor((base * (cw - 5)) / Math.max(1, widest)));
  if (size < 7) return;
  if (size !== base) ctx.font = `${size}px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  k = 0;
  for (let r = r0; r < r1; r++) {
    for (let col = c0; col < c1; col++) {
      const text = texts[k++]!;
      const [pr, pg, pb, pa] = unpackRgba(c.color(r, col) ?? 0);
      // Dark text on light cells and vice versa; NaN cells are transparent (theme colour).
      ctx.fillStyle = pa === 0 ? theme.foreground : inkFor(pr, pg, pb);
      ctx.fillText(text, x0 + (col + 0.5) * cw, y0 + (r + 0.5) * ch + 0.5);
    }
  }
}

/** Dashed outlines (winner colour, on a halo) around the visible cells flagged in `marked` (r * cols + c). */
export function paintMarks(ctx: CanvasRenderingContext2D, t: Theme, marked: ReadonlySet<number>, cols: number, v: Viewport): void {
  const { x0, y0, cw, ch, r0, r1, c0, c1 } = v;
  const inset = Math.min(2, cw / 6, ch / 6);
  for (let r = r0; r < r1; r++) {
    for (let col = c0; col < c1; col++) {
      if (!marked.has(r * cols + col)) continue;
      haloRect(ctx, t.halo, x0 + col * cw + inset, y0 + r * ch + inset, cw - 2 * inset, ch - 2 * inset, t.winner, 2, [5, 3]);
    }
  }
}

/** Diagonal stripes in the link colour, for padding cells (cached per theme by the caller). */
export function hatchPattern(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = color;
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.moveTo(-2, 2);
  t.lineTo(2, -2);
  t.moveTo(6, 10);
  t.lineTo(10, 6);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/** Strokes a rectangle twice, a halo in the background colour under the colour, so it reads on any colormap. */
function haloRect(
  ctx: CanvasRenderingContext2D,
  halo: string,
  x: number,
  y: number,
  w: number,
  hh: number,
  color: string,
  width: number,
  dash: number[] = [],
): void {
  ctx.setLineDash(dash);
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = halo;
  ctx.strokeRect(x, y, w, hh);
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.strokeRect(x, y, w, hh);
  ctx.setLineDash([]);
}

/**
 * The linking overlay: window (or fed-output) runs, padding hatched, the winner, the
 * hover and the selection. 'fill' goes under grid lines and values, 'stroke' over them.
 */
export function paintOverlay(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  hatch: () => CanvasPattern | null,
  o: Overlay,
  v: Viewport,
  pass: 'fill' | 'stroke',
): void {
  const { x0, y0, cw, ch } = v;
  const rect = (r0: number, r1: number, c0: number, c1: number) => {
    let x = x0 + c0 * cw;
    let y = y0 + r0 * ch;
    let w = (c1 - c0) * cw;
    let hh = (r1 - r0) * ch;
    // Keep tiny windows visible when zoomed far out.
    if (w < 3) {
      x -= (3 - w) / 2;
      w = 3;
    }
    if (hh < 3) {
      y -= (3 - hh) / 2;
      hh = 3;
    }
    return { x, y, w, h: hh };
  };
  const hl = o.highlight;
  if (hl) {
    const strength = hl.faint ? 0.45 : 1;
    for (const rr of hl.rows) {
      for (const cc of hl.cols) {
        const kind = Math.max(rr.kind, cc.kind);
        const q = rect(rr.start, rr.end, cc.start, cc.end);
        if (pass === 'fill') {
          if (kind === 0) {
            ctx.fillStyle = t.link;
            ctx.globalAlpha = 0.2 * strength;
            ctx.fillRect(q.x, q.y, q.w, q.h);
          } else if (kind === 1) {
            const pattern = hatch();
            if (pattern) {
              ctx.fillStyle = pattern;
              ctx.globalAlpha = 0.75 * strength;
              ctx.fillRect(q.x, q.y, q.w, q.h);
            }
          }
          ctx.globalAlpha = 1;
          continue;
        }
        ctx.globalAlpha = strength;
        if (kind === 0) haloRect(ctx, t.halo, q.x, q.y, q.w, q.h, t.link, 2);
        else if (kind === 1) haloRect(ctx, t.halo, q.x, q.y, q.w, q.h, t.link, 1.5, [4, 3]);
        else haloRect(ctx, t.halo, q.x, q.y, q.w, q.h, t.link, 1, [1, 3]);
        ctx.globalAlpha = 1;
      }
    }
    if (hl.winner && pass === 'stroke') {
      ctx.globalAlpha = strength;
      const q = rect(hl.winner.r, hl.winner.r + 1, hl.winner.c, hl.winner.c + 1);
      haloRect(ctx, t.halo, q.x + 1.5, q.y + 1.5, q.w - 3, q.h - 3, t.winner, 2.5);
      if (cw >= 14 && ch >= 14) {
        // A corner flag marks the winner even where the outline is hard to see.
        const s = Math.min(12, cw / 3);
        ctx.fillStyle = t.winner;
        ctx.beginPath();
        ctx.moveTo(q.x + q.w - s, q.y);
        ctx.lineTo(q.x + q.w, q.y);
        ctx.lineTo(q.x + q.w, q.y + s);
        ctx.closePath();
        ctx.fill();
      }
      ctx.globalAlpha = 1;
    }
  }
  if (pass === 'fill') return;
  if (o.hover && !(o.selected && o.selected.r === o.hover.r && o.selected.c === o.hover.c)) {
    const q = rect(o.hover.r, o.hover.r + 1, o.hover.c, o.hover.c + 1);
    haloRect(ctx, t.halo, q.x, q.y, q.w, q.h, t.foreground, 1);
  }
  if (o.selected) {
    const q = rect(o.selected.r, o.selected.r + 1, o.selected.c, o.selected.c + 1);
    haloRect(ctx, t.halo, q.x, q.y, q.w, q.h, t.focus, 2.5);
  }
}
