// Colormaps as 256-entry lookup tables and the loops that turn values into RGBA
// pixels (one pixel per cell). Pure: works on typed arrays, no DOM.

export type ColormapName = 'gray' | 'viridis' | 'diverging';
export const COLORMAPS: readonly ColormapName[] = ['gray', 'viridis', 'diverging'];

export interface Range {
  lo: number;
  hi: number;
}

type Rgb = readonly [number, number, number];

// Viridis as a degree-6 polynomial fit (Matt Zucker's, widely used in shaders); within
// 4/255 of matplotlib's table, which is not available offline here.
const VIRIDIS: readonly Rgb[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

// ColorBrewer RdBu (11 classes), reversed so negative is blue and positive red; white at 0.
const RDBU: readonly Rgb[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

function viridisAt(t: number): Rgb {
  const c: [number, number, number] = [0, 0, 0];
  for (let ch = 0; ch < 3; ch++) {
    let acc = 0;
    for (let k = VIRIDIS.length - 1; k >= 0; k--) acc = acc * t + VIRIDIS[k]![ch]!;
    c[ch] = Math.round(Math.min(1, Math.max(0, acc)) * 255);
  }
  return c;
}

function piecewiseAt(stops: readonly Rgb[], t: number): Rgb {
  const x = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((ch) => Math.round(a[ch]! + (b[ch]! - a[ch]!) * f)) as unknown as Rgb;
}

const cache = new Map<ColormapName, Uint32Array>();

/** 256 packed RGBA pixels (little-endian ABGR words, as ImageData's Uint32 view expects). */
export function colormapLut(name: ColormapName): Uint32Array {
  let lut = cache.get(name);
  if (lut) return lut;
  lut = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const [r, g, b] = name === 'gray' ? [i, i, i] : name === 'viridis' ? viridisAt(t) : piecewiseAt(RDBU, t);
    lut[i] = packRgba(r, g, b, 255);
  }
  cache.set(name, lut);
  return lut;
}

export function packRgba(r: number, g: number, b: number, a: number): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function unpackRgba(p: number): [number, number, number, number] {
  return [p & 255, (p >>> 8) & 255, (p >>> 16) & 255, p >>> 24];
}

/** CSS colour of a LUT entry, for legends. */
export function lutCss(lut: Uint32Array, i: number): string {
  const [r, g, b] = unpackRgba(lut[Math.max(0, Math.min(255, i))]!);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The range a colormap spans for data in [min, max]: diverging maps are centred on
 * zero; a constant array gets a unit-wide range so it still maps to one colour.
 */
export function displayRange(name: ColormapName, min: number, max: number): Range {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1 };
  if (name === 'diverging') {
    const a = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { lo: -a, hi: a };
  }
  if (min === max) return { lo: min - 0.5, hi: max + 0.5 };
  return { lo: min, hi: max };
}

/** Picks a colormap for data: diverging when it has both signs, viridis otherwise. */
export function autoColormap(min: number, max: number): ColormapName {
  return min < 0 && max > 0 ? 'diverging' : 'viridis';
}

/** LUT index of a value: NaN gives -1 (drawn transparent), ±∞ clamp to the ends. */
export function lutIndex(v: number, range: Range): number {
  if (Number.isNaN(v)) return -1;
  const t = (v - range.lo) / (range.hi - range.lo);
  if (!(t > 0)) return 0;
  if (t >= 1) return 255;
  return (t * 256) | 0;
}

/** Colours `count` values into `out` (packed pixels); NaN becomes transparent. */
export function renderScalar(data: ArrayLike<number>, out: Uint32Array, lut: Uint32Array, range: Range): void {
  const n = Math.min(data.length, out.length);
  const lo = range.lo;
  const scale = 256 / (range.hi - range.lo);
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    const t = (v - lo) * scale;
    // NaN fails both comparisons: handled first so the hot path has two branches.
    if (t !== t) out[i] = 0;
    else out[i] = lut[t <= 0 ? 0 : t >= 255 ? 255 : t | 0]!;
  }
}

/**
 * An RGB picture from three planes (channels first), values scaled from `range` to
 * 0..255. NaN counts as 0.
 */
export function renderRgb(r: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>, out: Uint32Array, range: Range): void {
  const n = Math.min(r.length, out.length);
  const lo = range.lo;
  const scale = 255 / (range.hi - range.lo);
  for (let i = 0; i < n; i++) {
    out[i] = packRgba(toByte(r[i]!, lo, scale), toByte(g[i]!, lo, scale), toByte(b[i]!, lo, scale), 255);
  }
}

function toByte(v: number, lo: number, scale: number): number {
  const t = (v - lo) * scale + 0.5;
  return t >= 255 ? 255 : t > 0 ? t | 0 : 0;
}

/** WCAG relative luminance of an sRGB colour (0..255 channels). */
export function relativeLuminance(r: number, g: number, b: number): number {
  const f = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

/**
 * Black or white, whichever contrasts more with a cell's colour: the better of the two is
 * always at least 4.58:1 (WCAG), where a brightness threshold can fall below 4.5:1.
 */
export function inkFor(r: number, g: number, b: number): '#000000' | '#ffffff' {
  const l = relativeLuminance(r, g, b);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
