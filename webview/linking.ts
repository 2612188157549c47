// Which input cells feed an output cell and which outputs an input cell feeds.
// Windows are separable (a product of one position list per spatial axis), so they are
// kept per axis: a 4096-wide window costs 4096 numbers, not 16M coordinates. Built from
// the core's PoolInfo numbers (padding, stride, dilation); test/webview checks them
// against the core's windowOf / outputsFedBy. Pure.
import type { RequestGeometry } from '../src/request';
import type { DivisorRule } from './arithmetic';

/** Where each output's window lies (src/request works it out for every kind of pooling). */
export type Geometry = RequestGeometry;

/** Position kinds along one axis. */
export const CELL = 0;
/** Inside the padded extent but outside the input: a padding cell. */
export const PAD = 1;
/** Past the padded extent (a ceil-mode window cut at the edge): not part of the window's arithmetic. */
export const BEYOND = 2;

export interface AxisSpan {
  positions: number[];
  kinds: number[];
}

export function axisWindow(g: Geometry, axis: number, o: number): AxisSpan {
  const L = g.inShape[axis]!;
  if (g.kind === 'global') return { positions: range(0, L), kinds: new Array<number>(L).fill(CELL) };
  if (g.kind === 'adaptive') {
    const O = g.outShape[axis]!;
    const start = Math.floor((o * L) / O);
    const end = Math.ceil(((o + 1) * L) / O);
    return { positions: range(start, end), kinds: new Array<number>(end - start).fill(CELL) };
  }
  const k = g.kernel[axis]!;
  const s = g.stride[axis]!;
  const dil = g.dilation[axis]!;
  const pb = g.padBefore[axis]!;
  const pa = g.padAfter[axis]!;
  const start = o * s - pb;
  const positions: number[] = [];
  const kinds: number[] = [];
  for (let j = 0; j < k; j++) {
    const x = start + j * dil;
    positions.push(x);
    kinds.push(x >= 0 && x < L ? CELL : x >= -pb && x < L + pa ? PAD : BEYOND);
  }
  return { positions, kinds };
}

export function windowAt(g: Geometry, outIndex: readonly number[]): AxisSpan[] {
  return g.inShape.map((_, a) => axisWindow(g, a, outIndex[a] ?? 0));
}

/** Output indices along `axis` whose window covers input position `i`. */
export function axisFed(g: Geometry, axis: number, i: number): number[] {
  const L = g.inShape[axis]!;
  const O = g.outShape[axis]!;
  if (i < 0 || i >= L) return [];
  if (g.kind === 'global') return [0];
  const out: number[] = [];
  if (g.kind === 'adaptive') {
    const lo = Math.max(0, Math.floor((i * O) / L) - 1);
    const hi = Math.min(O - 1, Math.ceil(((i + 1) * O) / L));
    for (let o = lo; o <= hi; o++) {
      if (Math.floor((o * L) / O) <= i && Math.ceil(((o + 1) * L) / O) > i) out.push(o);
    }
    return out;
  }
  const k = g.kernel[axis]!;
  const s = g.stride[axis]!;
  const dil = g.dilation[axis]!;
  const pb = g.padBefore[axis]!;
  const lo = Math.max(0, Math.ceil((i + pb - (k - 1) * dil) / s));
  const hi = Math.min(O - 1, Math.floor((i + pb) / s));
  for (let o = lo; o <= hi; o++) {
    const off = i + pb - o * s;
    if (off % dil === 0 && off / dil < k) out.push(o);
  }
  return out;
}

/** Per axis, the output indices fed by input cell `inIndex`; the fed set is their product. */
export function fedAt(g: Geometry, inIndex: readonly number[]): number[][] {
  return g.inShape.map((_, a) => axisFed(g, a, inIndex[a] ?? 0));
}

export function productSize(lists: readonly (readonly unknown[])[]): number {
  return lists.reduce((n, l) => n * l.length, 1);
}

/** Every combination of one entry per list, row-major (last axis fastest). */
export function* product(lists: readonly (readonly number[])[]): Generator<number[]> {
  if (lists.some((l) => l.length === 0)) return;
  const idx = lists.map(() => 0);
  for (;;) {
    yield idx.map((j, a) => lists[a]![j]!);
    let a = lists.length - 1;
    while (a >= 0 && ++idx[a]! === lists[a]!.length) idx[a--] = 0;
    if (a < 0) return;
  }
}

export interface Terms {
  values: Float32Array | Float64Array;
  /** 1 for padding cells (value 0); null when there are none. */
  padded: Uint8Array | null;
  /** Window volume without the BEYOND positions. */
  count: number;
}

/**
 * The window's values in row-major window order (the order PyTorch sums them), padding
 * cells as 0 and flagged, positions past the padded extent left out. `plane` is the
 * input plane in C order with shape `g.inShape`.
 */
export function gatherTerms(spans: readonly AxisSpan[], plane: Float32Array | Float64Array, inShape: readonly number[]): Terms {
  const kept = spans.map((s) => s.positions.map((_, j) => j).filter((j) => s.kinds[j] !== BEYOND));
  const count = productSize(kept);
  const values = plane instanceof Float64Array ? new Float64Array(count) : new Float32Array(count);
  const strides = inShape.map((_, a) => inShape.slice(a + 1).reduce((p, q) => p * q, 1));
  let padded: Uint8Array | null = null;
  let k = 0;
  for (const js of product(kept)) {
    let offset = 0;
    let pad = false;
    for (let a = 0; a < js.length; a++) {
      const span = spans[a]!;
      if (span.kinds[js[a]!] === PAD) pad = true;
      offset += span.positions[js[a]!]! * strides[a]!;
    }
    if (pad) {
      padded ??= new Uint8Array(count);
      padded[k] = 1;
      values[k] = 0;
    } else {
      values[k] = plane[offset]!;
    }
    k++;
  }
  return { values, padded, count };
}

/** The input coordinates of term `t` (the inverse of gatherTerms' order). */
export function termCoords(spans: readonly AxisSpan[], t: number): number[] {
  const kept = spans.map((s) => s.positions.filter((_, j) => s.kinds[j] !== BEYOND));
  const coords = new Array<number>(kept.length);
  for (let a = kept.length - 1; a >= 0; a--) {
    const n = kept[a]!.length;
    coords[a] = kept[a]![t % n]!;
    t = Math.floor(t / n);
  }
  return coords;
}

export interface DivisorChoice {
  divisor: number;
  rule: DivisorRule;
}

/** The divisor the core uses for an average over this window. */
export function avgDivisor(g: Geometry, spans: readonly AxisSpan[], countIncludePad: boolean, divisorOverride: number | null): DivisorChoice {
  if (g.kind !== 'window') return { divisor: productSize(spans.map((s) => s.positions)), rule: g.kind === 'adaptive' ? 'bin' : 'exclude-pad' };
  if (divisorOverride !== null) return { divisor: divisorOverride, rule: 'override' };
  const count = (s: AxisSpan, ok: (k: number) => boolean) => s.kinds.filter(ok).length;
  if (countIncludePad) return { divisor: spans.reduce((n, s) => n * count(s, (k) => k !== BEYOND), 1), rule: 'include-pad' };
  return { divisor: spans.reduce((n, s) => n * count(s, (k) => k === CELL), 1), rule: 'exclude-pad' };
}

/** LPPool's edge scaling: kernel volume and the number of in-input cells. */
export function lpScale(g: Geometry, spans: readonly AxisSpan[]): { kernel: number; cells: number } | undefined {
  if (g.kind !== 'window') return undefined;
  return {
    kernel: g.kernel.reduce((p, q) => p * q, 1),
    cells: spans.reduce((n, s) => n * s.kinds.filter((k) => k === CELL).length, 1),
  };
}

function range(a: number, b: number): number[] {
  const out = new Array<number>(Math.max(0, b - a));
  for (let i = 0; i < out.length; i++) out[i] = a + i;
  return out;
}
