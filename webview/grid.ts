// A virtualised canvas grid: an array of cells drawn from the worker's raster of the plane
// (one pixel per cell, or per step × step cells for a large plane, then a zoomed-in patch at
// screen resolution asked of the worker), scaled with nearest neighbour, with grid lines and
// values only where the cells are big enough, and the linking overlays on top. Only what is
// visible is drawn. Pans by drag, zooms by wheel around the cursor, and takes arrow keys for
// the selection.
import { h } from './dom';
import { buildPicture, covers, drawPicture, type Picture } from './gridTiles';
import { hatchPattern, labelsFit, paintEmptyText, paintGridLines, paintMarks, paintOverlay, paintValues, readTheme, type Theme } from './paint';
import type { GridContent, Overlay, Viewport } from './gridTypes';
import type { Patch } from './worker/protocol';
import type { Camera } from './state';
import { recordDraw, recordFrame } from './testHooks';

export type { GridContent, Overlay } from './gridTypes';

export interface GridCallbacks {
  onHover(cell: { r: number; c: number } | null): void;
  onSelect(cell: { r: number; c: number }): void;
  /** Arrow keys (dr, dc in cells); ±Infinity jumps to the first/last row or column (Home, End). */
  onMove(dr: number, dc: number): void;
  onCamera(camera: Camera): void;
}

const MIN_ROW_PX_1D = 28;
const MAX_SCALE = 256;

export class Grid {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;

  private readonly ctx: CanvasRenderingContext2D;
  private content: GridContent | null = null;
  private picture: Picture | null = null;
  /** The zoomed-in part of a downsampled raster, and its values (one per cell) when it has them. */
  private detail: { picture: Picture; patch: Patch } | null = null;
  private detailWanted = '';
  private overlay: Overlay = { highlight: null, selected: null, hover: null };
  private camera: Camera = { scale: 1, cx: 0, cy: 0 };
  private fitted = true;
  private fitMargin = { top: 0, left: 0, bottom: 0, right: 0 };
  private cssW = 0;
  private cssH = 0;
  private dpr = 1;
  private frame = 0;
  private theme: Theme = readTheme();
  private hatchCache: CanvasPattern | null = null;
  private drag: { id: number; x: number; y: number; cx: number; cy: number; moved: boolean } | null = null;
  private emptyText = '';

  constructor(
    label: string,
    private readonly callbacks: GridCallbacks,
  ) {
    this.canvas = h('canvas', { class: 'pl-canvas', attrs: { tabindex: 0, role: 'application', 'aria-roledescription': 'grid', 'aria-label': label } });
    this.element = h('div', { class: 'pl-canvas-wrap' }, this.canvas);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This webview cannot create a 2-D canvas.');
    this.ctx = ctx;
    new ResizeObserver(() => this.resize()).observe(this.element);
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.canvas.addEventListener('pointercancel', () => (this.drag = null));
    this.canvas.addEventListener('pointerleave', () => {
      if (!this.drag) this.callbacks.onHover(null);
    });
    this.canvas.addEventListener('dblclick', () => this.fit());
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Re-reads theme colours (the body's theme class changed). */
  refreshTheme(): void {
    this.theme = readTheme();
    this.hatchCache = null;
    this.requestDraw();
  }

  setEmptyText(text: string): void {
    this.emptyText = text;
    this.requestDraw();
  }

  /** New data (or colours): rebuilds the tiles; keeps the camera unless the size changed. */
  setContent(content: GridContent | null): void {
    const old = this.content;
    this.content = content;
    const r = content?.raster;
    this.picture = r ? buildPicture(r.pixels, { r0: 0, c0: 0, rows: r.rows, cols: r.cols, step: r.step }, this.picture?.tiles ?? []) : null;
    this.detail = null;
    this.detailWanted = '';
    if (POOLING_LENS_TEST_HOOKS && r) recordFrame(this, r.frame);
    if (!content || !old || old.rows !== content.rows || old.cols !== content.cols) {
      if (this.fitted) this.fit(false);
      else this.clampCamera();
    }
    this.requestDraw();
  }

  getContent(): GridContent | null {
    return this.content;
  }

  /** A cell's value if the UI thread has it (the plane's values, or the zoomed-in patch's), else NaN. */
  valueAt(r: number, c: number): number {
    const raster = this.content?.raster;
    if (!raster) return NaN;
    if (raster.values) return raster.values[r * raster.cols + c] ?? NaN;
    const p = this.detail?.patch;
    if (p?.values && r >= p.r0 && r < p.r0 + p.rows && c >= p.c0 && c < p.c0 + p.cols) return p.values[(r - p.r0) * p.cols + (c - p.c0)] ?? NaN;
    return NaN;
  }

  /** A cell's packed colour when one pixel stands for it, else undefined. */
  private colorAt(r: number, c: number): number | undefined {
    const raster = this.content?.raster;
    if (!raster) return undefined;
    if (raster.step === 1) return raster.pixels[r * raster.cols + c];
    const p = this.detail?.patch;
    if (p && p.step === 1 && r >= p.r0 && r < p.r0 + p.rows && c >= p.c0 && c < p.c0 + p.cols) return p.pixels[(r - p.r0) * p.cols + (c - p.c0)];
    return undefined;
  }

  /** True when every visible cell's value is at hand (so labels never read NaN for "not here yet"). */
  private valuesCover(view: Viewport): boolean {
    const raster = this.content?.raster;
    if (!raster) return false;
    if (raster.values) return true;
    const d = this.detail;
    return !!d?.patch.values && covers(d.picture, view);
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
    this.requestDraw();
  }

  /** null: fit to the pane (and keep fitting on resize until the user pans or zooms). */
  setCamera(camera: Camera | null): void {
    if (camera === null) {
      this.fit(false);
      return;
    }
    this.camera = { ...camera };
    this.fitted = false;
    this.clampCamera();
    this.requestDraw();
  }

  /** The camera to persist; null while the grid is fitted. */
  getCamera(): Camera | null {
    return this.fitted ? null : { ...this.camera };
  }

  /**
   * Cells to keep in view around the array when fitting (the input's padding, so padding
   * cells drawn beyond the edge are visible). Refits if the grid is fitted.
   */
  setFitMargin(margin: { top: number; left: number; bottom: number; right: number }): void {
    const m = this.fitMargin;
    if (m.top === margin.top && m.left === margin.left && m.bottom === margin.bottom && m.right === margin.right) return;
    this.fitMargin = { ...margin };
    if (this.fitted) this.fit(false);
  }

  fit(notify = true): void {
    this.fitted = true;
    const c = this.content;
    if (!c || this.cssW === 0) {
      this.requestDraw();
      return;
    }
    const pad = 16;
    const m = this.fitMargin;
    const cols = c.cols + m.left + m.right;
    const rows = c.rows + (c.rows === 1 ? 0 : m.top + m.bottom);
    const sx = Math.max(1, this.cssW - pad) / cols;
    const sy = c.rows === 1 ? sx : Math.max(1, this.cssH - pad) / rows;
    this.camera = { scale: Math.min(MAX_SCALE / 2, sx, sy), cx: (c.cols + m.right - m.left) / 2, cy: c.rows === 1 ? 0.5 : (c.rows + m.bottom - m.top) / 2 };
    this.requestDraw();
    if (notify) this.callbacks.onCamera({ ...this.camera });
  }

  zoomBy(factor: number, px = this.cssW / 2, py = this.cssH / 2): void {
    const c = this.content;
    if (!c) return;
    const before = this.cellAtPixel(px, py);
    const fitScale = Math.min(this.cssW / c.cols, c.rows === 1 ? Infinity : this.cssH / c.rows);
    const min = Math.min(fitScale / 4, 1);
    const scale = Math.max(min, Math.min(MAX_SCALE, this.camera.scale * factor));
    const { cw, ch } = this.cellSize(scale);
    this.camera = { scale, cx: before.x - (px - this.cssW / 2) / cw, cy: c.rows === 1 ? this.camera.cy : before.y - (py - this.cssH / 2) / ch };
    this.fitted = false;
    this.clampCamera();
    this.requestDraw();
    this.callbacks.onCamera({ ...this.camera });
  }

  panBy(dxPx: number, dyPx: number): void {
    const { cw, ch } = this.cellSize(this.camera.scale);
    this.camera = { ...this.camera, cx: this.camera.cx - dxPx / cw, cy: this.camera.cy - dyPx / ch };
    this.fitted = false;
    this.clampCamera();
    this.requestDraw();
  }

  /** Pans just enough to show cell (r, c) with a margin. */
  ensureVisible(r: number, c: number): void {
    const { cw, ch } = this.cellSize(this.camera.scale);
    // Keep the cell and a little room around it in view; big cells need no more than that.
    const margin = Math.min(Math.max(cw, ch) / 2 + 4, 32);
    const x = this.cssW / 2 + (c + 0.5 - this.camera.cx) * cw;
    const y = this.cssH / 2 + (r + 0.5 - this.camera.cy) * ch;
    let dx = 0;
    let dy = 0;
    if (x < margin) dx = margin - x;
    else if (x > this.cssW - margin) dx = this.cssW - margin - x;
    if (y < margin) dy = margin - y;
    else if (y > this.cssH - margin) dy = this.cssH - margin - y;
    if (dx !== 0 || dy !== 0) {
      this.panBy(dx, dy);
      this.callbacks.onCamera({ ...this.camera });
    }
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  /** Draws synchronously (after a data change, so the caller can report it as on screen). */
  drawNow(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const t0 = POOLING_LENS_TEST_HOOKS ? performance.now() : 0;
    this.draw();
    if (POOLING_LENS_TEST_HOOKS) recordDraw(this, performance.now() - t0);
  }

  /** The cell under a canvas pixel (CSS px), or null outside the array. */
  cellAt(px: number, py: number): { r: number; c: number } | null {
    const c = this.content;
    if (!c) return null;
    const { x, y } = this.cellAtPixel(px, py);
    const col = Math.floor(x);
    const row = Math.floor(y);
    return row >= 0 && row < c.rows && col >= 0 && col < c.cols ? { r: row, c: col } : null;
  }

  /** Where cell (r, c)'s top-left corner is on the canvas, in CSS px (for tests and tooltips). */
  cellOrigin(r: number, c: number): { x: number; y: number; w: number; h: number } {
    const { cw, ch } = this.cellSize(this.camera.scale);
    return { x: this.cssW / 2 + (c - this.camera.cx) * cw, y: this.cssH / 2 + (r - this.camera.cy) * ch, w: cw, h: ch };
  }

  // ---------- internals ----------

  private cellSize(scale: number): { cw: number; ch: number } {
    const oneRow = this.content?.rows === 1;
    return { cw: scale, ch: oneRow ? Math.max(scale, Math.min(MIN_ROW_PX_1D, this.cssH - 16)) : scale };
  }

  /** Fractional cell coordinates (x along columns, y along rows) under a canvas pixel. */
  private cellAtPixel(px: number, py: number): { x: number; y: number } {
    const { cw, ch } = this.cellSize(this.camera.scale);
    return { x: this.camera.cx + (px - this.cssW / 2) / cw, y: this.camera.cy + (py - this.cssH / 2) / ch };
  }

  private clampCamera(): void {
    const c = this.content;
    if (!c) return;
    this.camera.cx = Math.max(0, Math.min(c.cols, this.camera.cx));
    this.camera.cy = Math.max(0, Math.min(c.rows, this.camera.cy));
  }

  private resize(): void {
    // The wrapper's inner size: the canvas sits inside its border.
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, this.element.clientWidth);
    const hgt = Math.max(1, this.element.clientHeight);
    if (w === this.cssW && hgt === this.cssH && dpr === this.dpr) return;
    this.cssW = w;
    this.cssH = hgt;
    this.dpr = dpr;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(hgt * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${hgt}px`;
    if (this.fitted) this.fit(false);
    this.drawNow();
  }

  private draw(): void {
    const ctx = this.ctx;
    const W = this.cssW;
    const H = this.cssH;
    const t = this.theme;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = t.background;
    ctx.fillRect(0, 0, W, H);
    const c = this.content;
    if (!c || c.rows === 0 || c.cols === 0) {
      paintEmptyText(ctx, t, this.emptyText, W, H);
      return;
    }
    const { cw, ch } = this.cellSize(this.camera.scale);
    const x0 = W / 2 - this.camera.cx * cw;
    const y0 = H / 2 - this.camera.cy * ch;
    const c0 = Math.max(0, Math.floor(-x0 / cw));
    const c1 = Math.min(c.cols, Math.ceil((W - x0) / cw));
    const r0 = Math.max(0, Math.floor(-y0 / ch));
    const r1 = Math.min(c.rows, Math.ceil((H - y0) / ch));
    const view: Viewport = { x0, y0, cw, ch, r0, r1, c0, c1 };

    if (this.picture) drawPicture(ctx, this.picture, view);
    if (this.detail) drawPicture(ctx, this.detail.picture, view);
    this.askDetail(view);

    // Window fills go under the grid lines and values, outlines over them.
    paintOverlay(this.ctx, this.theme, () => this.hatch(), this.overlay, view, 'fill');

    paintGridLines(ctx, t, c, view);

    if (this.valuesCover(view))
      paintValues(this.ctx, this.theme, { decimals: c.decimals, value: (r, k) => this.valueAt(r, k), color: (r, k) => this.colorAt(r, k) }, view);
    if (c.marked) paintMarks(ctx, t, c.marked, c.cols, view);
    paintOverlay(this.ctx, this.theme, () => this.hatch(), this.overlay, view, 'stroke');
  }

  /**
   * A downsampled raster shown magnified: asks the worker for the visible cells (and a margin
   * for panning) at about one pixel per screen pixel; one request at a time, and a reply for a
   * raster no longer shown is dropped.
   */
  private askDetail(view: Viewport): void {
    const c = this.content;
    const raster = c?.raster;
    if (!c?.patch || !raster || raster.step === 1 || view.cw * this.dpr * raster.step <= 1.5) return;
    const step = Math.max(1, Math.floor(1 / (view.cw * this.dpr)));
    const d = this.detail;
    // Cells big enough for numbers need a patch that has their values.
    const wantValues = labelsFit(view);
    if (d && d.patch.frame === raster.frame && d.patch.step <= step && covers(d.picture, view) && (!wantValues || d.patch.values)) return;
    const mr = Math.ceil((view.r1 - view.r0) / 4);
    const mc = Math.ceil((view.c1 - view.c0) / 4);
    const r0 = Math.max(0, view.r0 - mr);
    const c0 = Math.max(0, view.c0 - mc);
    const req = {
      source: raster.source,
      frame: raster.frame,
      r0,
      c0,
      rows: Math.min(c.rows, view.r1 + mr) - r0,
      cols: Math.min(c.cols, view.c1 + mc) - c0,
      step,
    };
    if (this.detailWanted) return;
    this.detailWanted = `${raster.source}#${raster.frame}`;
    const wanted = this.detailWanted;
    void c.patch(req).then(
      (patch) => {
        if (this.detailWanted !== wanted) return;
        this.detailWanted = '';
        const now = this.content?.raster;
        if (!patch || !now || now.source !== patch.source || now.frame !== patch.frame) return;
        const at = { r0: patch.r0, c0: patch.c0, rows: patch.rows, cols: patch.cols, step: patch.step };
        this.detail = { picture: buildPicture(patch.pixels, at, this.detail?.picture.tiles ?? []), patch };
        this.requestDraw();
      },
      () => {
        if (this.detailWanted === wanted) this.detailWanted = '';
      },
    );
  }

  private hatch(): CanvasPattern | null {
    this.hatchCache ??= hatchPattern(this.ctx, this.theme.link);
    return this.hatchCache;
  }

  // ---------- input ----------

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const p = this.local(e);
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY) && !e.ctrlKey) {
      this.panBy(-e.deltaX * unit, 0);
      this.callbacks.onCamera({ ...this.camera });
      return;
    }
    this.zoomBy(Math.exp(-e.deltaY * unit * 0.002), p.x, p.y);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    // The canvas takes focus by itself (it has a tabindex); focusing it here would show
    // the keyboard focus ring to mouse users.
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, cx: this.camera.cx, cy: this.camera.cy, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (d && d.id === e.pointerId) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) > 4) {
        d.moved = true;
        this.canvas.classList.add('pl-dragging');
      }
      if (d.moved) {
        const { cw, ch } = this.cellSize(this.camera.scale);
        this.camera = { ...this.camera, cx: d.cx - dx / cw, cy: d.cy - dy / ch };
        this.fitted = false;
        this.clampCamera();
        this.requestDraw();
      }
      return;
    }
    const p = this.local(e);
    this.callbacks.onHover(this.cellAt(p.x, p.y));
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d || d.id !== e.pointerId) return;
    this.canvas.classList.remove('pl-dragging');
    if (d.moved) {
      this.callbacks.onCamera({ ...this.camera });
      return;
    }
    const p = this.local(e);
    const cell = this.cellAt(p.x, p.y);
    if (cell) this.callbacks.onSelect(cell);
  }

  private onKey(e: KeyboardEvent): void {
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-step, 0],
      ArrowDown: [step, 0],
      ArrowLeft: [0, -step],
      ArrowRight: [0, step],
      PageUp: [-10, 0],
      PageDown: [10, 0],
    };
    // Home/End: first/last column of the row, as in a grid (with Ctrl: the first/last cell).
    if (e.key === 'Home') moves.Home = e.ctrlKey || e.metaKey ? [-Infinity, -Infinity] : [0, -Infinity];
    if (e.key === 'End') moves.End = e.ctrlKey || e.metaKey ? [Infinity, Infinity] : [0, Infinity];
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      this.callbacks.onMove(m[0], m[1]);
      return;
    }
    if (e.key === '+' || e.key === '=') this.zoomBy(1.5);
    else if (e.key === '-' || e.key === '_') this.zoomBy(1 / 1.5);
    else if (e.key === '0') this.fit();
    else return;
    e.preventDefault();
  }
}
