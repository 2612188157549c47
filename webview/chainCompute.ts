// The Chain view's computation: one pure function from a block and its layers to every layer's
// output and receptive field (chainInfo + poolChain), with no DOM, so it runs as it is on the
// UI thread or as one job of a Web Worker (its input and output are structured-clonable:
// typed arrays, numbers and plain objects). Plus the per-layer recurrence steps the view shows
// with the numbers filled in, and the trace of one output cell back to the input.
import { chainInfo, chainTrace, poolChain, type ChainLayer, type LayerField } from '../src/core/chain';
import { poolInfo } from '../src/core/info';
import { PoolingError } from '../src/core/types';
import { computeStats, type Stats } from './stats';

export interface ChainJob {
  /** The block pooled: [planes, ...spatial], C order. */
  data: Float32Array | Float64Array;
  shape: number[];
  layers: ChainLayer[];
}

export interface ChainProblem {
  /** The 1-based layer at fault (the core's PoolingError.layer), null when no layer is named. */
  layer: number | null;
  /** The parameter at fault, e.g. 'kernel', 'stride', 'outputSize'; null when not one control's. */
  parameter: string | null;
  message: string;
}

/** What computeChain gives: every layer's output and field, or those before the layer at fault and its problem. */
export interface ChainResult {
  /** Every layer's output ([planes, ...outSpatial]) in order; on a problem, those of the layers before it. */
  outputs: { shape: number[]; data: Float32Array | Float64Array }[];
  /** chainInfo of the same layers: each one's output shape and receptive field in the input. */
  fields: LayerField[];
  /** Min, max, mean and NaNs over the outputs (one colour scale for all of them). */
  stats: Stats;
  /** Why the chain stops (the core's message naming the layer), null when every layer ran. */
  problem: ChainProblem | null;
}

/**
 * Every layer's output and field; a layer at fault gives the core's message naming it, and the
 * layers before it are still computed (never throws for a bad layer).
 */
export function computeChain(job: ChainJob): ChainResult {
  const run = (layers: ChainLayer[]): Omit<ChainResult, 'problem'> => {
    const fields = chainInfo(job.shape, layers);
    const outputs = poolChain({ shape: job.shape, data: job.data }, layers).map((o) => ({ shape: o.shape.slice(), data: o.data }));
    return { outputs, fields, stats: mergeStats(outputs.map((o) => computeStats(o.data))) };
  };
  try {
    return { ...run(job.layers), problem: null };
  } catch (e) {
    const problem = problemOf(e);
    let before: Omit<ChainResult, 'problem'> = { outputs: [], fields: [], stats: mergeStats([]) };
    if (problem.layer !== null && problem.layer > 1) {
      try {
        before = run(job.layers.slice(0, problem.layer - 1));
      } catch {
        // The layers before were checked first by the core; keep none if they fail after all.
      }
    }
    return { ...before, problem };
  }
}

function problemOf(e: unknown): ChainProblem {
  if (e instanceof PoolingError) return { layer: e.layer ?? null, parameter: e.parameter ?? null, message: e.message };
  return { layer: null, parameter: null, message: e instanceof Error ? e.message : String(e) };
}

function mergeStats(all: readonly Stats[]): Stats {
  let count = 0;
  let nans = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const s of all) {
    count += s.count;
    nans += s.nans;
    if (s.count > s.nans) {
      sum += s.mean * (s.count - s.nans);
      min = Math.min(min, s.min);
      max = Math.max(max, s.max);
    }
  }
  const finite = count - nans;
  return finite === 0 ? { count, min: NaN, max: NaN, mean: NaN, nans } : { count, min, max, mean: sum / finite, nans };
}

/**
 * One layer's step of the receptive-field recurrence along one axis, with the layer's own
 * kernel, stride, dilation and leading padding (window layers; a global layer is a window of
 * the whole axis; even adaptive bins a window of L/O) and the field before and after it (from
 * chainInfo). `closed` is false after uneven adaptive bins: chainInfo then walks the bins.
 */
export interface FieldStep {
  closed: boolean;
  k: number;
  s: number;
  d: number;
  p: number;
  rIn: number;
  jIn: number;
  startIn: number;
  r: number;
  j: number;
  start: number;
}

/** The recurrence steps of every layer (outer) along every chain axis (inner). */
export function fieldSteps(inputShape: readonly number[], layers: readonly ChainLayer[], fields: readonly LayerField[]): FieldStep[][] {
  const D = fields[0]?.size.length ?? 0;
  let closed = true;
  return layers.map((layer, i) => {
    const inShape = i === 0 ? inputShape : fields[i - 1]!.outShape;
    const f = fields[i]!;
    const prev = i === 0 ? null : fields[i - 1]!;
    const spatialIn = inShape.slice(inShape.length - D);
    const spatialOut = f.outShape.slice(f.outShape.length - D);
    const geometry = axisGeometry(layer, inShape, spatialIn, spatialOut);
    closed = closed && geometry !== null;
    return Array.from({ length: D }, (_, a) => {
      const g = geometry?.[a] ?? { k: 0, s: 0, d: 1, p: 0 };
      return {
        closed,
        ...g,
        rIn: prev ? prev.size[a]! : 1,
        jIn: prev ? prev.jump[a]! : 1,
        startIn: prev ? prev.start[a]! : 0,
        r: f.size[a]!,
        j: f.jump[a]!,
        start: f.start[a]!,
      };
    });
  });
}

/** Kernel, stride, dilation and leading padding per chain axis, or null for uneven adaptive bins. */
function axisGeometry(
  layer: ChainLayer,
  inShape: readonly number[],
  spatialIn: number[],
  spatialOut: number[],
): { k: number; s: number; d: number; p: number }[] | null {
  if (layer.kind === 'window') {
    const info = poolInfo(inShape, layer.options);
    const D = spatialIn.length;
    const n = info.kernel.length;
    // Chain axes this layer does not pool pass through (a window of 1).
    return spatialIn.map((_, a) => {
      const i = a - (D - n);
      return i < 0 ? { k: 1, s: 1, d: 1, p: 0 } : { k: info.kernel[i]!, s: info.stride[i]!, d: info.dilation[i]!, p: info.padBefore[i]! };
    });
  }
  const even = spatialIn.every((L, a) => spatialOut[a]! > 0 && L % spatialOut[a]! === 0);
  if (!even) return null;
  return spatialIn.map((L, a) => ({ k: L / spatialOut[a]!, s: L / spatialOut[a]!, d: 1, p: 0 }));
}

/**
 * The cells that feed one cell of the last output at every level: result[0] the input's,
 * result[i] layer i's output's (i < layers); per level one sorted index list per chain axis.
 */
export function traceCell(inputShape: readonly number[], layers: readonly ChainLayer[], cell: readonly number[]): number[][][] {
  return chainTrace(inputShape, layers, layers.length, cell);
}

/**
 * The depth slice each level (input first, then every layer's output) shows when the chain has
 * 3 axes: the last output the selected cell's, every earlier level the first depth feeding it;
 * 0 everywhere without a selection, with fewer axes, or when the cell cannot be traced.
 */
export function levelDepths(inputShape: readonly number[], layers: readonly ChainLayer[], selected: readonly number[] | null): number[] {
  const zeros = new Array<number>(layers.length + 1).fill(0);
  if (selected?.length !== 3) return zeros;
  try {
    const trace = traceCell(inputShape, layers, selected);
    return zeros.map((_, level) => (level === layers.length ? selected[0]! : (trace[level]?.[0]?.[0] ?? 0)));
  } catch {
    return zeros;
  }
}
