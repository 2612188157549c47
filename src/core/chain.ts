import { adaptivePool, resolveAdaptive } from './adaptive.js';
import { globalPool } from './global.js';
import { checkMode, resolvePool } from './info.js';
import { pool } from './pool.js';
import { PoolingError } from './types.js';
import type { NDArray, PoolMode, PoolOptions } from './types.js';
import { checkArray, checkInt, checkShape, checkSpatial, describe } from './validate.js';
import { checkIndex } from './window.js';

/** One layer of a stack of pooling layers. */
export type ChainLayer =
  | { kind: 'window'; options: PoolOptions }
  | { kind: 'adaptive'; outputSize: readonly (number | null)[]; mode: 'max' | 'avg' }
  | { kind: 'global'; mode: PoolMode; spatialDims: number };

/**
 * The receptive field of a layer's outputs in the chain's input, per spatial axis of the chain
 * (the last D axes of the input, D the most spatial dims any layer pools).
 */
export interface LayerField {
  /** The layer's full output shape, leading dims included. */
  outShape: number[];
  /** Cells of the input one output spans (padding positions and dilation gaps included); the largest bin's for adaptive layers. */
  size: number[];
  /** Input cells between the fields of neighbouring outputs (the mean step L/O after uneven adaptive bins). */
  jump: number[];
  /** Where output 0's field starts in the input; negative when padding comes first. */
  start: number[];
}

/**
 * How one layer maps an output position t to the first and last position it reads, along one
 * axis. Positions outside the layer's input (padding, ceil overhang) are allowed: the field
 * recurrences follow them the same way.
 */
interface AxisMap {
  first(t: number): number;
  last(t: number): number;
  /** Every position output t reads (dilation gaps skipped). */
  taps(t: number): number[];
  /** Output positions along the axis. */
  out: number;
  /** Affine maps (every window of one size, one step) have a closed-form field. */
  affine: { extent: number; step: number; padBefore: number } | null;
  /** Mean input step between neighbouring outputs. */
  step: number;
}

interface ResolvedLayer {
  outShape: number[];
  /** One map per pooled axis (the layer's last d axes). */
  axes: AxisMap[];
}

function windowMap(k: number, s: number, dil: number, pb: number, out: number): AxisMap {
  const extent = dil * (k - 1) + 1;
  return {
    first: (t) => t * s - pb,
    last: (t) => t * s - pb + extent - 1,
    taps: (t) => Array.from({ length: k }, (_, j) => t * s - pb + j * dil),
    out,
    affine: { extent, step: s, padBefore: pb },
    step: s,
  };
}

function adaptiveMap(L: number, O: number): AxisMap {
  // Uniform bins are windows of L/O cells with step L/O.
  if (O > 0 && L % O === 0) return windowMap(L / O, L / O, 1, 0, O);
  // Bin t covers [floor(t·L/O), ceil((t+1)·L/O)) — adaptiveBins' rule, extended to any t.
  const first = (t: number): number => Math.floor((t * L) / O);
  const last = (t: number): number => Math.ceil(((t + 1) * L) / O) - 1;
  return {
    first,
    last,
    taps: (t) => Array.from({ length: last(t) - first(t) + 1 }, (_, j) => first(t) + j),
    out: O,
    affine: null,
    step: O > 0 ? L / O : 0,
  };
}

const IDENTITY: Omit<AxisMap, 'out'> = {
  first: (t) => t,
  last: (t) => t,
  taps: (t) => [t],
  affine: { extent: 1, step: 1, padBefore: 0 },
  step: 1,
};

function layerDims(layer: ChainLayer): number {
  if (layer.kind === 'window') return Array.isArray(layer.options?.kernel) ? layer.options.kernel.length : 0;
  if (layer.kind === 'adaptive') return Array.isArray(layer.outputSize) ? layer.outputSize.length : 0;
  return typeof layer.spatialDims === 'number' ? layer.spatialDims : 0;
}

function checkLayer(layer: unknown): ChainLayer {
  if (layer === null || typeof layer !== 'object') {
    throw new PoolingError(`a layer must be an object with a kind, got ${describe(layer)}`, 'kind');
  }
  const kind: unknown = (layer as { kind?: unknown }).kind;
  if (kind !== 'window' && kind !== 'adaptive' && kind !== 'global') {
    throw new PoolingError(`kind must be 'window', 'adaptive' or 'global', got ${describe(kind)}`, 'kind');
  }
  return layer as ChainLayer;
}

/** Shapes and per-axis maps of one layer on an input of `shape`; throws PoolingError. */
function resolveLayer(shape: readonly number[], layer: ChainLayer): ResolvedLayer {
  if (layer.kind === 'window') {
    const { info } = resolvePool(shape, layer.options);
    const axes = info.kernel.map((k, i) => windowMap(k, info.stride[i]!, info.dilation[i]!, info.padBefore[i]!, info.outSpatial[i]!));
    return { outShape: info.outputShape, axes };
  }
  if (layer.kind === 'adaptive') {
    if (layer.mode !== 'max' && layer.mode !== 'avg') {
      throw new PoolingError(`adaptive pooling mode must be 'max' or 'avg', got ${describe(layer.mode)}`, 'mode');
    }
    const a = resolveAdaptive(shape, layer.outputSize);
    return { outShape: [...a.batchShape, ...a.outSpatial], axes: a.inSpatial.map((L, i) => adaptiveMap(L, a.outSpatial[i]!)) };
  }
  checkMode(layer.mode);
  const d = checkInt(layer.spatialDims, 1, 'spatialDims', 'spatialDims');
  checkSpatial(shape, d, 'spatialDims');
  const spatial = shape.slice(shape.length - d);
  return {
    outShape: [...shape.slice(0, shape.length - d), ...spatial.map(() => 1)],
    axes: spatial.map((L) => windowMap(L, L, 1, 0, 1)),
  };
}

/** Runs `fn` for layer `index` (0-based), prefixing its errors with the layer's 1-based number. */
function atLayer<T>(index: number, inputShape: readonly number[], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof PoolingError)) throw e;
    const from = index === 0 ? 'the input' : `layer ${index}'s output`;
    throw new PoolingError(`layer ${index + 1}: ${e.message} (its input is ${from}, shape ${describe(inputShape)})`, e.parameter, index + 1);
  }
}

/**
 * Output shape and compound receptive field of every layer, in input coordinates:
 * r_out = r_in + (k − 1)·d·j_in, j_out = j_in·s, start_out = start_in − p·j_in. Adaptive bins of
 * uneven sizes give the largest bin's field (found by walking the bins) and the mean step.
 * Throws PoolingError naming the layer at fault ("layer 3: kernel 3 … does not fit …").
 */
export function chainInfo(inputShape: readonly number[], layers: readonly ChainLayer[]): LayerField[] {
  const { resolved, perAxis } = resolveChain(inputShape, layers);
  const fields: LayerField[] = resolved.map((r) => ({ outShape: r.outShape.slice(), size: [], jump: [], start: [] }));
  for (const maps of perAxis) {
    let r = 1;
    let j = 1;
    let start = 0;
    let affine = true;
    for (let i = 0; i < maps.length; i++) {
      const m = maps[i]!;
      const f = fields[i]!;
      if (affine && m.affine !== null) {
        start -= m.affine.padBefore * j;
        r += (m.affine.extent - 1) * j;
        j *= m.affine.step;
        f.size.push(r);
        f.start.push(start);
        f.jump.push(j);
        continue;
      }
      affine = false;
      const lo = (t: number) => compose(maps, i, t, 'first');
      const hi = (t: number) => compose(maps, i, t, 'last');
      let largest = 0;
      for (let t = 0; t < m.out; t++) largest = Math.max(largest, hi(t) - lo(t) + 1);
      j *= m.step;
      f.size.push(largest);
      f.start.push(m.out > 0 ? lo(0) : 0);
      f.jump.push(j);
    }
  }
  return fields;
}

/** Every layer resolved, and per chain axis (the last D axes) each layer's map along it. */
function resolveChain(
  inputShape: readonly number[],
  layers: readonly ChainLayer[],
): { shapes: number[][]; resolved: ResolvedLayer[]; perAxis: AxisMap[][]; D: number } {
  const shape0 = checkShape(inputShape, 'inputShape');
  if (!Array.isArray(layers)) throw new PoolingError(`layers must be an array, got ${describe(layers)}`, 'layers');
  const resolved: ResolvedLayer[] = [];
  const shapes = [shape0];
  for (let i = 0; i < layers.length; i++) {
    const input = shapes[i]!;
    const r = atLayer(i, input, () => resolveLayer(input, checkLayer(layers[i])));
    resolved.push(r);
    shapes.push(r.outShape);
  }
  const D = Math.max(0, ...layers.map(layerDims));
  // Every layer ran on ≥ its own dims, so the input has at least D dims.
  const perAxis: AxisMap[][] = [];
  for (let a = 0; a < D; a++) {
    const fromEnd = D - a; // this axis is the fromEnd-th from the end
    perAxis.push(
      resolved.map((r) => {
        const d = r.axes.length;
        if (fromEnd <= d) return r.axes[d - fromEnd]!;
        return { ...IDENTITY, out: r.outShape[r.outShape.length - fromEnd]! };
      }),
    );
  }
  return { shapes, resolved, perAxis, D };
}

/**
 * The cells that feed output `outIndex` of layer `layer` (1-based), at every earlier level:
 * result[0] is the input, result[i] layer i's output (i < layer). Windows are separable, so each
 * level's cells are the product of one sorted index list per chain axis (in-bounds cells only;
 * dilation gaps stay out). outIndex has one coordinate per chain axis (the last D axes).
 */
export function chainTrace(inputShape: readonly number[], layers: readonly ChainLayer[], layer: number, outIndex: readonly number[]): number[][][] {
  const { shapes, perAxis, D } = resolveChain(inputShape, layers);
  if (!Number.isInteger(layer) || layer < 1 || layer > layers.length) {
    throw new PoolingError(`layer must be 1..${layers.length}, got ${describe(layer)}`, 'layer');
  }
  const outShape = shapes[layer]!;
  checkIndex(outIndex, outShape.slice(outShape.length - D), 'outIndex');
  const levels: number[][][] = new Array<number[][]>(layer);
  let current = outIndex.map((v) => [v]);
  for (let i = layer - 1; i >= 0; i--) {
    const inShape = shapes[i]!;
    current = current.map((positions, a) => {
      const L = inShape[inShape.length - D + a]!;
      const seen = new Set<number>();
      for (const t of positions) for (const q of perAxis[a]![i]!.taps(t)) if (q >= 0 && q < L) seen.add(q);
      return [...seen].sort((x, y) => x - y);
    });
    levels[i] = current;
  }
  return levels;
}

/** First (or last) input position of output t of layer `upTo`, following every earlier layer. */
function compose(maps: readonly AxisMap[], upTo: number, t: number, end: 'first' | 'last'): number {
  let pos = t;
  for (let i = upTo; i >= 0; i--) pos = maps[i]![end](pos);
  return pos;
}

/** Every layer's output, each layer pooling the previous one's (the first pools `input`). */
export function poolChain(input: NDArray, layers: readonly ChainLayer[]): NDArray[] {
  checkArray(input);
  if (!Array.isArray(layers)) throw new PoolingError(`layers must be an array, got ${describe(layers)}`, 'layers');
  const outputs: NDArray[] = [];
  let x = input;
  for (let i = 0; i < layers.length; i++) {
    const from = x;
    x = atLayer(i, from.shape, () => {
      const layer = checkLayer(layers[i]);
      if (layer.kind === 'window') return pool(from, layer.options).output;
      if (layer.kind === 'adaptive') return adaptivePool(from, layer.outputSize, layer.mode).output;
      return globalPool(from, layer.spatialDims, layer.mode).output;
    });
    outputs.push(x);
  }
  return outputs;
}
