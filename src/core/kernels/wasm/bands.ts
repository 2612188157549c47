import type { Arr } from '../types.js';
import type { Geometry } from './geometry.js';
import type { Heap } from './runtime.js';

/*
 * Moves a pooling call through the module's memory in cache-sized pieces: for each plane, bands
 * of output rows (and, for very long rows, tiles of output columns). A band's input rows are
 * copied in with the padding written out as fill cells, the kernels run on it while it is still
 * in cache, and its outputs are copied to the caller's array. Copying in by bands costs little
 * more than reading the input once; copying the whole input first would cost a full pass.
 */

/** Input floats per band: a few hundred KB, so a band, its work rows and outputs stay in L2. */
const BAND_INPUT_FLOATS = 64 * 1024;
/** Widest tile of input columns (a 10M-sample signal goes through in pieces of this). */
const TILE_INPUT_FLOATS = 64 * 1024;
/** Room after every region for the kernels' vector over-reads and 4-lane tail writes. */
const SLACK = 256;

export interface Layout {
  /** Floats per input row in the band buffer. */
  readonly rs: number;
  /** Output rows per band (the last band may have fewer). */
  readonly bandRows: number;
  /** Padded input rows of a full band. */
  readonly bandInRows: number;
  /** Output columns per tile (the last tile may have fewer). */
  readonly tileCols: number;
  /** tileCols rounded up to whole vectors: the row length of work rows. */
  readonly tileColsPadded: number;
  /**
   * One tile: input rows are copied as they are (row stride W, one copy per band) and the
   * kernels read column c − pbw for padded column c. Windows that reach past a row's ends then
   * see the neighbouring row's cells instead of padding, so their outputs (the few edge columns)
   * are recomputed by the pass's `edges`. With several tiles, rows are copied one by one with
   * their padding written out, and no fix is needed.
   */
  readonly wholeRows: boolean;
}

export interface Band {
  /** Byte address of the band's first padded row, at the tile's first padded column. */
  readonly inPtr: number;
  /** Bytes per input row. */
  readonly rs: number;
  /**
   * The band's rows as one block (address, bytes: a multiple of 64): every cell a kernel reads
   * is in it or is a fill cell around it. In the whole-row layout, row i starts at
   * dataPtr + i·rs (real column 0).
   */
  readonly dataPtr: number;
  readonly dataBytes: number;
  /** Padded input rows present. */
  readonly rows: number;
  /** First output row and count. */
  readonly o0: number;
  readonly orows: number;
  /** First output column and count. */
  readonly c0: number;
  readonly n: number;
  /** Byte address of the outputs: orows × n floats, row after row. */
  readonly outPtr: number;
  /** Byte addresses of the scratch regions the pass asked for. */
  readonly at: Readonly<Record<string, number>>;
}

export interface BandPass {
  /** Value of padding cells: −inf for max, +0 for sums (neither changes a window's result). */
  readonly fill: number;
  /** Scratch regions (name → bytes) for this layout. */
  scratch(g: Geometry, l: Layout): Record<string, number>;
  /** Called once the regions are placed, before any band. */
  prepare?(at: Readonly<Record<string, number>>, heap: Heap): void;
  /** Pools one band (inputs in place, outputs to band.outPtr). */
  run(band: Band, heap: Heap): void;
  /** Whole-row layout only: recomputes output columns [from, to) of the band (windows that reach past a row's ends). */
  edges(band: Band, from: number, to: number): void;
}

const align = (n: number): number => Math.ceil(n / 64) * 64;

export function planLayout(g: Geometry): Layout {
  const fullIn = (g.OW - 1) * g.sw + g.kw;
  let tileCols = g.OW;
  if (fullIn > TILE_INPUT_FLOATS) tileCols = Math.max(4, Math.floor((TILE_INPUT_FLOATS - g.kw) / g.sw / 4) * 4);
  const wholeRows = tileCols >= g.OW;
  const tileIn = (tileCols - 1) * g.sw + g.kw;
  const rs = wholeRows ? g.W : Math.ceil(tileIn / 4) * 4;
  let bandRows = g.OH;
  if (g.H > 1) {
    const fit = Math.floor((BAND_INPUT_FLOATS / rs - g.kh) / g.sh) + 1;
    // At least a few windows' heights, so re-reading the kh − sh overlap rows stays cheap.
    bandRows = Math.min(g.OH, Math.max(1, fit, Math.ceil((4 * g.kh) / g.sh)));
  }
  return {
    rs,
    bandRows,
    bandInRows: (bandRows - 1) * g.sh + g.kh,
    tileCols,
    tileColsPadded: Math.ceil(tileCols / 4) * 4 + 4,
    wholeRows,
  };
}

/** Most memory a call may use in the module; larger layouts are left to the JS kernels. */
const MAX_MODULE_BYTES = 512 * 2 ** 20;

/**
 * Pools every plane of src into dst through the module (src, dst: float32 data). Returns false,
 * before writing anything, when the layout would need more module memory than it may have.
 */
export function runBands(g: Geometry, heap: Heap, src: Arr, dst: Arr, pass: BandPass): boolean {
  const l = planLayout(g);
  // Cells the kernels may read before and after a band (whole-row layout): padding reach,
  // window overhang and vector over-reads. They hold fill values, never stale bytes.
  const before = l.wholeRows ? g.pbw + 8 : 8;
  const after = 2 * g.kw + 8 * g.sw + 48;
  let top = align(before * 4 + 64);
  const IN = top;
  top += align((l.bandInRows * l.rs + after) * 4 + SLACK);
  const OUT = top;
  top += align(l.bandRows * l.tileCols * 4 + SLACK);
  const at: Record<string, number> = {};
  for (const [name, bytes] of Object.entries(pass.scratch(g, l))) {
    at[name] = top;
    top += align(bytes + SLACK);
  }
  if (top > MAX_MODULE_BYTES || !heap.ensure(top)) return false;
  pass.prepare?.(at, heap);
  const inPlane = g.H * g.W;
  const outPlane = g.OH * g.OW;
  const rs = l.rs;
  const inF = IN / 4;
  const shift = l.wholeRows ? g.pbw : 0; // padded column 0 sits this many floats before a row

  for (let p = 0; p < g.planes; p++) {
    const so = p * inPlane;
    for (let c0 = 0; c0 < g.OW; c0 += l.tileCols) {
      const n = Math.min(l.tileCols, g.OW - c0);
      const pc0 = c0 * g.sw;
      const pc1 = (c0 + n - 1) * g.sw + g.kw;
      // Real input columns of the tile, and where they land in a buffer row.
      const rc0 = Math.max(0, pc0 - g.pbw);
      const rc1 = Math.min(g.W, pc1 - g.pbw);
      const nc = Math.max(0, rc1 - rc0);
      const jL = nc > 0 ? rc0 + g.pbw - pc0 : 0;
      for (let o0 = 0; o0 < g.OH; o0 += l.bandRows) {
        const orows = Math.min(l.bandRows, g.OH - o0);
        const pr0 = o0 * g.sh;
        const rows = (orows - 1) * g.sh + g.kh;
        const rr0 = Math.max(0, pr0 - g.pbh);
        const rr1 = Math.min(g.H, pr0 + rows - g.pbh);
        const nr = nc > 0 ? Math.max(0, rr1 - rr0) : 0;
        const i0 = nr > 0 ? rr0 + g.pbh - pr0 : rows; // buffer row of the first real row
        const f = heap.floats;
        f.fill(pass.fill, inF - before, inF);
        // Fill rows above and below the real ones.
        if (i0 > 0) f.fill(pass.fill, inF, inF + Math.min(i0, rows) * rs);
        if (i0 + nr < rows) f.fill(pass.fill, inF + (i0 + nr) * rs, inF + rows * rs);
        if (nr > 0) {
          if (l.wholeRows) {
            f.set(src.subarray(so + rr0 * g.W, so + rr1 * g.W), inF + i0 * rs);
          } else {
            for (let r = 0; r < nr; r++) {
              const b = inF + (i0 + r) * rs;
              const s0 = so + (rr0 + r) * g.W;
              if (jL > 0) f.fill(pass.fill, b, b + jL);
              f.set(src.subarray(s0 + rc0, s0 + rc1), b + jL);
              f.fill(pass.fill, b + jL + nc, b + rs);
            }
          }
        }
        f.fill(pass.fill, inF + rows * rs, inF + rows * rs + after);
        const dataBytes = Math.ceil((rows * rs) / 16) * 64;
        const band: Band = { inPtr: IN - shift * 4, rs: rs * 4, dataPtr: IN, dataBytes, rows, o0, orows, c0, n, outPtr: OUT, at };
        pass.run(band, heap);
        if (l.wholeRows) {
          if (g.fullLo > 0) pass.edges(band, 0, Math.min(g.fullLo, g.OW));
          if (g.fullHi < g.OW) pass.edges(band, Math.max(g.fullHi, g.fullLo), g.OW);
        }
        const out = heap.floats;
        const oF = OUT / 4;
        const dOff = p * outPlane + o0 * g.OW + c0;
        if (n === g.OW) dst.set(out.subarray(oF, oF + orows * n), dOff);
        else for (let r = 0; r < orows; r++) dst.set(out.subarray(oF + r * n, oF + (r + 1) * n), dOff + r * g.OW);
      }
    }
  }
  return true;
}
