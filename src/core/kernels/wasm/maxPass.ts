import type { BandPass } from './bands.js';
import { COLUMN_FIRST } from './columnFirst.js';
import type { Geometry } from './geometry.js';
import type { Kernels } from './runtime.js';

/*
 * Windowed max through the SIMD kernels (values only; jobs with indices stay in JS). Per band:
 * - 2×2, 3×3 and 1-D k ∈ {2, 3, 5} over bands without NaN and −0 (`scan`): the column-first
 *   fold `cmax` (any fold order gives the same value there);
 * - otherwise PyTorch's row-major fold: kh = 1 (and 1-D) one horizontal pass straight into the
 *   outputs; else a horizontal pass into work rows, then a vertical one. Long windows use
 *   sliding doubling along rows and van Herk/Gil-Werman down columns, so their cost does not
 *   grow with k.
 * Results equal the JS kernels bit for bit (see the generator's header).
 */

const UNROLLED = [2, 3, 5];
/** From this width, sliding doubling (log k passes) beats folding k taps per output. */
const DOUBLING_MIN_K = 8;

const hName = (s: number, k: number): string => (UNROLLED.includes(k) ? `hmax_s${s}_k${k}` : `hmax_s${s}_g`);
const vName = (k: number): string => (UNROLLED.includes(k) ? `vmax_k${k}` : 'vmax_g');

function largestPowerOfTwoAtMost(k: number): number {
  let L = 1;
  while (L * 2 <= k) L *= 2;
  return L;
}

export function maxPass(k: Kernels, g: Geometry): BandPass {
  const doubling = g.kw >= DOUBLING_MIN_K;
  const vanHerk = g.kh >= 8 && g.kh >= 2 * g.sh + 2;
  const skipH = g.kw === 1 && g.sw === 1;
  const separable = g.kh > 1;
  const L = largestPowerOfTwoAtMost(g.kw);
  const kwArgs = (name: string): number[] => (name.endsWith('_g') ? [g.kw] : []);
  // Common small windows over bands without NaN and −0: the column-first fold (cmax).
  const clean = COLUMN_FIRST.some(([kw, kh]) => kw === g.kw && kh === g.kh) ? `cmax_s${g.sw}_k${g.kw}_h${g.kh}` : null;
  // The long-window kernels come without NaN handling too, for bands that have no NaN.
  let sfx = '';

  const hPass = (src: number, sstr: number, dst: number, dstr: number, rows: number, n: number, ta: number, tb: number): void => {
    if (doubling) {
      k.fn(`hmax_dbl_s${g.sw}${sfx}`)(src, sstr, dst, dstr, rows, n, g.kw, L, ta, tb);
      return;
    }
    const name = hName(g.sw, g.kw);
    k.fn(name)(src, sstr, dst, dstr, rows, n, ...kwArgs(name));
  };

  return {
    fill: -Infinity,
    scratch(_g, l) {
      const row = l.tileColsPadded * 4;
      const need: Record<string, number> = {};
      if (separable && !skipH) need['H'] = l.bandInRows * row;
      if (separable && vanHerk) {
        need['S'] = g.kh * row;
        need['P'] = g.kh * row;
      }
      if (doubling) {
        // work rows of the doubling levels: the input extent of a tile's windows, whole vectors
        const len = Math.max(l.rs, (l.tileCols - 1) * g.sw + g.kw) + 16;
        need['TA'] = len * 4;
        need['TB'] = len * 4;
      }
      return need;
    },
    run(b) {
      const { at, n } = b;
      const flags = k.fn('scan')(b.dataPtr, b.dataBytes);
      if (flags === 0 && clean !== null) {
        k.fn(clean)(b.inPtr, b.rs, b.outPtr, n * 4, b.orows, n, g.sh);
        return;
      }
      sfx = (flags & 1) === 0 ? '' : '_nan';
      if (g.kh === 1) {
        hPass(b.inPtr, b.rs * g.sh, b.outPtr, n * 4, b.orows, n, at['TA'] ?? 0, at['TB'] ?? 0);
        return;
      }
      const work = (Math.ceil(n / 4) * 4 + 4) * 4; // bytes per work row
      let hSrc = b.inPtr;
      let hStr = b.rs;
      if (!skipH) {
        hStr = work;
        hSrc = at['H']!;
        hPass(b.inPtr, b.rs, hSrc, hStr, b.rows, n, at['TA'] ?? 0, at['TB'] ?? 0);
      }
      if (vanHerk) {
        k.fn(`vmax_vh${sfx}`)(hSrc, hStr, b.outPtr, n * 4, b.orows, n, g.kh, g.sh, at['S']!, at['P']!, work, b.rows);
      } else {
        const name = vName(g.kh);
        k.fn(name)(hSrc, hStr, b.outPtr, n * 4, b.orows, n, g.sh, ...(name === 'vmax_g' ? [g.kh] : []));
      }
    },
    edges(b, from, to) {
      k.fn('edge_max')(b.dataPtr, b.rs, b.outPtr, b.n * 4, b.orows, from, to, g.kh, g.kw, g.sh, g.sw, g.pbw, g.W);
    },
  };
}
