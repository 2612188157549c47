import type { Divisor } from '../divisor.js';
import { axisFactor } from '../divisor.js';
import type { Plan } from '../plan.js';
import type { BandPass } from './bands.js';
import { COLUMN_FIRST } from './columnFirst.js';
import type { Geometry } from './geometry.js';
import type { Kernels } from './runtime.js';

/*
 * Window sums of float32 data through the SIMD kernels, with the core's default float64
 * accumulation. Per band:
 * - 2×2, 3×3 and 1-D k ∈ {2, 3, 5} over whole numbers small enough that no float32 partial sum
 *   rounds (images): the column-first float32 kernel `csum`, which checks that premise on every
 *   cell it loads and reports failure, after which the call goes on in order;
 * - the same small windows over data exactly summable in float64 (random data in [0, 1) as
 *   torch.rand makes it, data normalised to [0, 1], most of randn): the column-first float64
 *   kernel `fsum` (rows summed per column pair once, taps cut out by shuffles), which checks a
 *   sufficient premise as it loads the cells, `exact` deciding the bands it cannot; tried until
 *   a band fails, like csum;
 * - large windows (≥ 16 taps) over data `exact` proves exactly summable in float64 (the rule of
 *   kernels/exactness.ts, checked on the band): separable sliding sums, whose cost does not grow
 *   with the window;
 * - otherwise PyTorch's order (row-major from +0, float64 lanes), then one division.
 * Where no addition rounds, every order gives the same sum, so all four give the same bits.
 * Divisors are per-axis factor tables (padded/in-bounds taps, or the override); when every
 * factor is a power of two the kernels multiply by exact reciprocals instead of dividing.
 */

const UNROLLED = [2, 3, 5];
/** Same threshold as the JS kernels: below it the ordered sum is cheap enough. */
const EXACT_MIN_VOLUME = 16;

const sName = (s: number, k: number): string => (UNROLLED.includes(k) ? `sum_s${s}_k${k}` : `sum_s${s}_g`);

function isPowerOfTwo(v: number): boolean {
  const a = Math.abs(v);
  return a > 0 && 2 ** Math.round(Math.log2(a)) === a;
}

export function sumPass(k: Kernels, g: Geometry, plan: Plan, div: Divisor): BandPass {
  const kvol = g.kh * g.kw;
  const tryExact = kvol >= EXACT_MIN_VOLUME;
  const axW = plan.axes[plan.axes.length - 1]!;
  const axH = plan.axes.length === 2 ? plan.axes[0]! : null;
  const fw = (q: number): number => (div.mode === 'override' ? 1 : axisFactor(axW, div, q));
  const fh = (o: number): number => (div.mode === 'override' ? div.override : axH === null ? 1 : axisFactor(axH, div, o));
  let mulMode = isPowerOfTwo(fh(0));
  for (let o = 0; o < g.OH && mulMode; o++) mulMode = isPowerOfTwo(fh(o));
  for (let q = 0; q < g.OW && mulMode; q++) mulMode = isPowerOfTwo(fw(q));
  const table = (v: number): number => (mulMode ? 1 / v : v);
  // Divisor tables hold one band's rows and one tile's columns; they are rewritten only when
  // the band or tile touches edge windows (inside, every factor is the kernel size).
  let keyH = '';
  let keyW = '';
  const key = (ax: Plan['axes'][number] | null, first: number, count: number): string =>
    div.mode === 'override' || ax === null || (first >= ax.fullLo && first + count <= ax.fullHi) ? `inside:${count}` : `${first}:${count}`;
  const ordered = sName(g.sw, g.kw);
  const kbits = Math.ceil(Math.log2(kvol + 1));
  // Square or 1-D small windows over whole numbers (images): the column-first float32 kernel,
  // which checks its premise as it goes. Tried until a band fails, then the call goes on in
  // order without trying (random data fails on its first band).
  const csum = COLUMN_FIRST.some(([kw, kh]) => kw === g.kw && kh === g.kh) ? `csum_s${g.sw}_k${g.kw}_h${g.kh}` : null;
  let try32 = csum !== null;
  // Random-like data fails csum on its first band: then the float64 one, while bands pass `exact`.
  const fsum = csum === null ? null : `f${csum.slice(1)}`;
  let try64 = fsum !== null;

  const slideH = 2 * g.sw < g.kw;
  const slideV = 2 * g.sh < g.kh;

  return {
    fill: 0,
    scratch(_g, l) {
      const need: Record<string, number> = {
        FH: l.bandRows * 8,
        FW: (l.tileColsPadded + 8) * 8,
        FH32: l.bandRows * 4,
        FW32: (l.tileColsPadded + 8) * 4,
      };
      if (tryExact) {
        need['H'] = l.bandInRows * l.tileColsPadded * 8;
        need['ACC'] = l.tileColsPadded * 8;
      }
      return need;
    },
    prepare() {
      keyH = keyW = '';
      try32 = csum !== null;
      try64 = fsum !== null;
    },
    run(b, heap) {
      const { at, n } = b;
      const fhPtr = at['FH']!;
      const fwPtr = at['FW']!;
      const kh = key(axH, b.o0, b.orows);
      if (kh !== keyH) {
        const d = heap.doubles;
        const f = heap.floats;
        const h32 = at['FH32']! / 4;
        for (let o = 0; o < b.orows; o++) f[h32 + o] = d[fhPtr / 8 + o] = table(fh(b.o0 + o));
        keyH = kh;
      }
      const kw = key(axW, b.c0, n);
      if (kw !== keyW) {
        const d = heap.doubles;
        const f = heap.floats;
        const w32 = at['FW32']! / 4;
        for (let q = 0; q < n; q++) f[w32 + q] = d[fwPtr / 8 + q] = table(fw(b.c0 + q));
        d.fill(1, fwPtr / 8 + n, fwPtr / 8 + n + 8);
        f.fill(1, w32 + n, w32 + n + 8);
        keyW = kw;
      }
      const mulFlag = mulMode ? 1 : 0;
      if (try32) {
        if (k.fn(csum!)(b.inPtr, b.rs, b.outPtr, n * 4, b.orows, n, g.sh, at['FH32']!, at['FW32']!, mulFlag, 24 - kbits) === 1) return;
        try32 = false;
      }
      if (try64) {
        // fsum checks a sufficient premise as it goes; `exact` settles the bands it cannot.
        if (k.fn(fsum!)(b.inPtr, b.rs, b.outPtr, n * 4, b.orows, n, g.sh, fhPtr, fwPtr, mulFlag, kbits) === 1) return;
        if (k.fn('exact')(b.dataPtr, b.dataBytes, kbits) === 1) return;
        try64 = false;
      }
      if (tryExact && k.fn('exact')(b.dataPtr, b.dataBytes, kbits) === 1) {
        const hStr = (Math.ceil(n / 4) * 4 + 4) * 8;
        const H = at['H']!;
        if (slideH) k.fn('hsum_slide')(b.inPtr, b.rs, H, hStr, b.rows, n, g.kw, g.sw);
        else k.fn(`hsum_s${g.sw}`)(b.inPtr, b.rs, H, hStr, b.rows, n, g.kw);
        k.fn('vsum_exact')(H, hStr, b.outPtr, n * 4, b.orows, n, g.kh, g.sh, fhPtr, fwPtr, mulFlag, at['ACC']!, slideV ? 1 : 0);
        return;
      }
      k.fn(ordered)(b.inPtr, b.rs, b.outPtr, n * 4, b.orows, n, g.kh, g.sh, fhPtr, fwPtr, mulFlag, ...(ordered.endsWith('_g') ? [g.kw] : []));
    },
    edges(b, from, to) {
      k.fn('edge_sum')(b.dataPtr, b.rs, b.outPtr, b.n * 4, b.orows, from, to, g.kh, g.kw, g.sh, g.sw, g.pbw, g.W, b.at['FH']!, b.at['FW']!, mulMode ? 1 : 0);
    },
  };
}
