/*
 * A deliberately plain reference for the pooling core, for tests and the benchmark only.
 * Every output visits its window tap by tap in row-major order and applies PyTorch's rules
 * literally; no tables, no fast paths, nothing shared with src/core but the types.
 *
 * Choices that are ours (documented in src/core): a window with no input cell gives −inf (max),
 * +inf (min) with index −1; avg divides its 0 sum by its divisor (0 with countIncludePad, NaN
 * without); lp with p = ∞ is max |x| (0 for such a window). accumulate 'float64' (default) sums in
 * float64; 'torch' rounds the running sum to float32 after each addition for float32 input.
 */
import type { NDArray, PoolOptions, PoolResult } from '../../src/core/types';

type Arr = Float32Array | Float64Array;

function prod(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** All index tuples of a box, row-major. */
function tuples(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) {
    const next: number[][] = [];
    for (const t of out) for (let i = 0; i < n; i++) next.push([...t, i]);
    out = next;
  }
  return out;
}

function flat(coords: readonly number[], sizes: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < sizes.length; i++) f = f * sizes[i]! + coords[i]!;
  return f;
}

function like(a: Arr, n: number): Arr {
  return a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

export function refOutLength(L: number, k: number, s: number, d: number, pb: number, pa: number, ceil: boolean): number {
  const span = L + pb + pa - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= L + pb) out -= 1;
  return out;
}

export function refPads(options: PoolOptions, spatial: readonly number[]): { before: number[]; after: number[] } {
  const d = options.kernel.length;
  const k = options.kernel;
  const s = options.stride ?? k;
  const dil = options.dilation ?? k.map(() => 1);
  const pad = options.padding;
  if (pad === undefined || pad === 'valid') return { before: new Array(d).fill(0), after: new Array(d).fill(0) };
  if (pad === 'same' || pad === 'same-lower') {
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < d; i++) {
      const out = Math.ceil(spatial[i]! / s[i]!);
      const total = Math.max(0, (out - 1) * s[i]! + dil[i]! * (k[i]! - 1) + 1 - spatial[i]!);
      const small = Math.floor(total / 2);
      before.push(pad === 'same' ? small : total - small);
      after.push(pad === 'same' ? total - small : small);
    }
    return { before, after };
  }
  const before: number[] = [];
  const after: number[] = [];
  for (const e of pad as readonly (number | readonly [number, number])[]) {
    if (typeof e === 'number') {
      before.push(e);
      after.push(e);
    } else {
      before.push(e[0]);
      after.push(e[1]);
    }
  }
  return { before, after };
}

function lpPow(x: number, e: number, f32: boolean): number {
  const r = (v: number) => (f32 ? Math.fround(v) : v);
  if (e === 1) return x;
  if (e === 2) return r(x * x);
  if (e === 3) return r(r(x * x) * x);
  if (e === 0.5) return r(Math.sqrt(x));
  return r(Math.pow(x, e));
}

export function refPool(input: NDArray, options: PoolOptions): PoolResult {
  const shape = input.shape;
  const d = options.kernel.length;
  const lead = shape.slice(0, shape.length - d);
  const spatial = shape.slice(shape.length - d);
  const k = options.kernel;
  const s = options.stride ?? k;
  const dil = options.dilation ?? k.map(() => 1);
  const ceil = options.ceilMode ?? false;
  const { before, after } = refPads(options, spatial);
  const auto = options.padding === 'same' || options.padding === 'same-lower' || options.padding === 'valid';
  const countPad = options.countIncludePad ?? !auto;
  const mode = options.mode;
  const f32 = input.data instanceof Float32Array && options.accumulate === 'torch';
  const round = (v: number) => (f32 ? Math.fround(v) : v);
  const outSp = spatial.map((L, i) => refOutLength(L, k[i]!, s[i]!, dil[i]!, before[i]!, after[i]!, ceil));
  const planes = prod(lead);
  const inPlane = prod(spatial);
  const outPlane = prod(outSp);
  const output = like(input.data, planes * outPlane);
  const wantIdx = options.returnIndices === true;
  const indices = new Int32Array(planes * outPlane);
  const kvol = prod(k);
  const p = options.p ?? 2;

  const outTuples = tuples(outSp);
  const tapTuples = tuples(k);
  for (let pl = 0; pl < planes; pl++) {
    const x = (c: readonly number[]) => input.data[pl * inPlane + flat(c, spatial)]!;
    outTuples.forEach((o, oi) => {
      const inside: number[][] = [];
      let padded = 0;
      for (const j of tapTuples) {
        const pos = j.map((jj, a) => o[a]! * s[a]! - before[a]! + jj * dil[a]!);
        if (pos.every((v, a) => v >= 0 && v < spatial[a]!)) inside.push(pos);
        if (pos.every((v, a) => v >= -before[a]! && v < spatial[a]! + after[a]!)) padded++;
      }
      let value: number;
      let index = -1;
      if (mode === 'max' || (mode === 'lp' && p === Infinity)) {
        // torch: start at (−inf, first in-bounds cell), take v when v > best or v is NaN.
        value = -Infinity;
        if (inside.length > 0) index = flat(inside[0]!, spatial);
        for (const c of inside) {
          const v = mode === 'lp' ? Math.abs(x(c)) : x(c);
          if (v > value || Number.isNaN(v)) {
            value = v;
            index = flat(c, spatial);
          }
        }
        if (mode === 'lp' && inside.length === 0) value = 0;
      } else if (mode === 'min') {
        value = Infinity;
        if (inside.length > 0) index = flat(inside[0]!, spatial);
        for (const c of inside) {
          const v = x(c);
          if (v < value || Number.isNaN(v)) {
            value = v;
            index = flat(c, spatial);
          }
        }
      } else {
        const e = mode === 'lp' ? p : 1;
        let sum = 0;
        for (const c of inside) sum = round(sum + (mode === 'lp' ? lpPow(x(c), e, f32) : x(c)));
        let divisor: number;
        if (mode === 'sum') divisor = 1;
        else if (mode === 'avg' && options.divisorOverride !== undefined) divisor = options.divisorOverride;
        else divisor = countPad ? padded : inside.length;
        value = sum / (f32 ? Math.fround(divisor) : divisor);
        if (mode === 'lp') {
          value = round(value);
          value = lpPow(round(value * kvol), 1 / p, f32);
        }
      }
      output[pl * outPlane + oi] = value;
      indices[pl * outPlane + oi] = index;
    });
  }
  const result: PoolResult = { output: { shape: [...lead, ...outSp], data: output } };
  if (wantIdx) result.indices = indices;
  return result;
}

/** torch.sum's order over a contiguous run: SumKernel.cpp's cascade, written out plainly. */
export function refTorchSum(values: readonly number[], f32: boolean): number {
  const add = (a: number, b: number) => (f32 ? Math.fround(a + b) : a + b);
  const ceilLog2 = (x: number) => (x <= 2 ? 1 : Math.ceil(Math.log2(x)));
  // multi_row_sum over `size` rows of `width` accumulators; load(i, c) is row i column c.
  const multiRowSum = (size: number, width: number, load: (i: number, c: number) => number): number[] => {
    const levelPower = Math.max(4, Math.floor(ceilLog2(size) / 4));
    const step = 2 ** levelPower;
    const acc = [0, 1, 2, 3].map(() => new Array<number>(width).fill(0));
    let i = 0;
    while (i + step <= size) {
      for (let j = 0; j < step; j++, i++) for (let c = 0; c < width; c++) acc[0]![c] = add(acc[0]![c]!, load(i, c));
      for (let j = 1; j < 4; j++) {
        for (let c = 0; c < width; c++) {
          acc[j]![c] = add(acc[j]![c]!, acc[j - 1]![c]!);
          acc[j - 1]![c] = 0;
        }
        if (Math.floor(i / 2 ** (j * levelPower)) % step !== 0) break;
      }
    }
    for (; i < size; i++) for (let c = 0; c < width; c++) acc[0]![c] = add(acc[0]![c]!, load(i, c));
    for (let j = 1; j < 4; j++) for (let c = 0; c < width; c++) acc[0]![c] = add(acc[0]![c]!, acc[j]![c]!);
    return acc[0]!;
  };
  const n = values.length;
  const V = f32 ? 8 : 4;
  if (n >= V) {
    const vecs = Math.floor(n / V);
    const rows = Math.floor(vecs / 4);
    const acc = multiRowSum(rows, 4 * V, (i, c) => values[i * 4 * V + c]!);
    for (let v = rows * 4; v < vecs; v++) for (let l = 0; l < V; l++) acc[l] = add(acc[l]!, values[v * V + l]!);
    for (let q = 1; q < 4; q++) for (let l = 0; l < V; l++) acc[l] = add(acc[l]!, acc[q * V + l]!);
    let total = 0;
    for (let e = vecs * V; e < n; e++) total = add(total, values[e]!);
    for (let l = 0; l < V; l++) total = add(total, acc[l]!);
    return add(0, total);
  }
  const rows = Math.floor(n / 4);
  const acc = multiRowSum(rows, 4, (i, c) => values[i * 4 + c]!);
  for (let e = rows * 4; e < n; e++) acc[0] = add(acc[0]!, values[e]!);
  for (let q = 1; q < 4; q++) acc[0] = add(acc[0]!, acc[q]!);
  return add(0, acc[0]!);
}

export function refAdaptive(
  input: NDArray,
  outputSize: readonly (number | null)[],
  mode: 'max' | 'avg',
  returnIndices = false,
  accumulate: 'float64' | 'torch' = 'float64',
): PoolResult {
  const shape = input.shape;
  const d = outputSize.length;
  const lead = shape.slice(0, shape.length - d);
  const spatial = shape.slice(shape.length - d);
  const outSp = outputSize.map((v, i) => v ?? spatial[i]!);
  const f32 = input.data instanceof Float32Array && accumulate === 'torch';
  const round = (v: number) => (f32 ? Math.fround(v) : v);
  const planes = prod(lead);
  const inPlane = prod(spatial);
  const outPlane = prod(outSp);
  const output = like(input.data, planes * outPlane);
  const indices = new Int32Array(planes * outPlane);
  const allOnes = outSp.every((v) => v === 1);
  for (let pl = 0; pl < planes; pl++) {
    const plane = Array.from(input.data.subarray(pl * inPlane, (pl + 1) * inPlane));
    tuples(outSp).forEach((o, oi) => {
      const ranges = o.map((i, a) => {
        const start = Math.floor((i * spatial[a]!) / outSp[a]!);
        const end = Math.ceil(((i + 1) * spatial[a]!) / outSp[a]!);
        return { start, size: end - start };
      });
      const cells = tuples(ranges.map((r) => r.size)).map((t) => t.map((v, a) => v + ranges[a]!.start));
      if (mode === 'max') {
        let best = -Infinity;
        let bi = flat(cells[0]!, spatial);
        for (const c of cells) {
          const v = plane[flat(c, spatial)]!;
          if (v > best || Number.isNaN(v)) {
            best = v;
            bi = flat(c, spatial);
          }
        }
        output[pl * outPlane + oi] = best;
        indices[pl * outPlane + oi] = bi;
      } else if (allOnes) {
        output[pl * outPlane + oi] = refTorchSum(plane, f32) / (f32 ? Math.fround(inPlane) : inPlane);
      } else {
        let sum = 0;
        for (const c of cells) sum = round(sum + plane[flat(c, spatial)]!);
        for (const r of ranges) sum = round(sum / r.size);
        output[pl * outPlane + oi] = sum;
      }
    });
  }
  const result: PoolResult = { output: { shape: [...lead, ...outSp], data: output } };
  if (returnIndices) result.indices = indices;
  return result;
}

export function refFractional(input: NDArray, kernel: readonly number[], outputSize: readonly number[], samples: Float64Array): PoolResult {
  const shape = input.shape;
  const d = kernel.length;
  const lead = shape.slice(0, shape.length - d);
  const spatial = shape.slice(shape.length - d);
  const f32 = input.data instanceof Float32Array;
  const r = (v: number) => (f32 ? Math.fround(v) : v);
  const planes = prod(lead);
  const inPlane = prod(spatial);
  const outPlane = prod(outputSize);
  const output = like(input.data, planes * outPlane);
  const indices = new Int32Array(planes * outPlane);
  for (let pl = 0; pl < planes; pl++) {
    const starts = spatial.map((L, a) => {
      // torch 2-D: sample 0 drives W, sample 1 drives H; 3-D: samples 0, 1, 2 drive T, H, W.
      const u = r(samples[pl * d + (d === 2 ? 1 - a : a)]!);
      const O = outputSize[a]!;
      const k = kernel[a]!;
      const seq: number[] = [];
      const alpha = r(r(L - k) / r(O - 1));
      for (let i = 0; i < O - 1; i++) seq.push(Math.trunc(r(r(i + u) * alpha)) - Math.trunc(r(u * alpha)));
      seq.push(L - k);
      return seq;
    });
    tuples(outputSize).forEach((o, oi) => {
      const origin = o.map((v, a) => starts[a]![v]!);
      let best = -Infinity;
      let bi = flat(origin, spatial);
      for (const j of tuples(kernel)) {
        const c = j.map((v, a) => origin[a]! + v);
        const v = input.data[pl * inPlane + flat(c, spatial)]!;
        if (v > best || Number.isNaN(v)) {
          best = v;
          bi = flat(c, spatial);
        }
      }
      output[pl * outPlane + oi] = best;
      indices[pl * outPlane + oi] = bi;
    });
  }
  return { output: { shape: [...lead, ...outputSize], data: output }, indices };
}

export function refUnpool(values: NDArray, indices: Int32Array, outSpatial: readonly number[]): NDArray {
  const d = outSpatial.length;
  const lead = values.shape.slice(0, values.shape.length - d);
  const inPlane = prod(values.shape.slice(values.shape.length - d));
  const outPlane = prod(outSpatial);
  const planes = prod(lead);
  const out = like(values.data, planes * outPlane);
  for (let pl = 0; pl < planes; pl++) {
    for (let i = 0; i < inPlane; i++) out[pl * outPlane + indices[pl * inPlane + i]!] = values.data[pl * inPlane + i]!;
  }
  return { shape: [...lead, ...outSpatial], data: out };
}
