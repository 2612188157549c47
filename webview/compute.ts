// The panel's calls into the pooling core: check parameters (the core's own errors,
// naming the parameter), plan the output shape and window geometry, and pool.
import { adaptivePool, globalPool, outputSizeFormula, pool, poolInfo, PoolingError, toCode } from '../src/core';
import type { Convention } from '../src/protocol';
import type { NDArray } from '../src/core/types';
import type { Geometry } from './linking';
import { toPoolOptions, type Params } from './state';

export interface Problem {
  message: string;
  /** The parameter at fault (the core's PoolingError.parameter), or null when it is not one control's. */
  parameter: string | null;
}

export interface FormulaLine {
  dim: string;
  text: string;
}

export interface Plan {
  outSpatial: number[];
  geometry: Geometry;
  formula: FormulaLine[];
}

export type Planned = { ok: true; plan: Plan } | { ok: false; problem: Problem };

export function problemOf(e: unknown): Problem {
  if (e instanceof PoolingError) return { message: e.message, parameter: e.parameter ?? null };
  return { message: e instanceof Error ? e.message : String(e), parameter: null };
}

const AXIS_NAMES: Record<number, readonly string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export function axisNames(d: number): readonly string[] {
  return AXIS_NAMES[d] ?? Array.from({ length: d }, (_, i) => `dim${i}`);
}

/**
 * Checks `params` against a block of shape [planes, ...spatial] and works out what
 * pooling it will produce, without pooling.
 */
export function plan(blockShape: readonly number[], params: Params): Planned {
  const d = params.spatialAxes.length;
  const inSpatial = blockShape.slice(blockShape.length - d);
  const names = axisNames(d);
  try {
    if (params.kind === 'window') {
      const options = toPoolOptions(params);
      const info = poolInfo(blockShape, options);
      const formula = outputSizeFormula(blockShape, options).map((f, i) => ({ dim: names[i] ?? String(f.dim), text: `${names[i] ?? f.dim}_out = ${f.text}` }));
      return {
        ok: true,
        plan: {
          outSpatial: info.outSpatial.slice(),
          formula,
          geometry: {
            kind: 'window',
            inShape: info.inSpatial.slice(),
            outShape: info.outSpatial.slice(),
            kernel: info.kernel.slice(),
            stride: info.stride.slice(),
            dilation: info.dilation.slice(),
            padBefore: info.padBefore.slice(),
            padAfter: info.padAfter.slice(),
          },
        },
      };
    }
    if (params.kind === 'adaptive') {
      if (params.mode !== 'max' && params.mode !== 'avg') {
        return { ok: false, problem: { message: `Adaptive pooling is max or avg (as nn.AdaptiveMaxPool / nn.AdaptiveAvgPool), not ${params.mode}.`, parameter: 'mode' } };
      }
      const outSpatial = inSpatial.map((L, i) => {
        const o = params.outputSize[i];
        if (o === null || o === undefined) return L;
        if (!Number.isSafeInteger(o) || o < 1) {
          throw new PoolingError(`outputSize must be positive integers (or empty to keep the size), got ${o} for ${names[i]}.`, 'outputSize');
        }
        return o;
      });
      if (inSpatial.some((L) => L < 1)) throw new PoolingError(`Adaptive pooling needs a non-empty input, got ${inSpatial.join('×')}.`, 'input');
      const formula = outSpatial.map((o, i) => ({
        dim: names[i]!,
        text: `${names[i]}_out = ${o}: bin i spans floor(i·${inSpatial[i]}/${o}) to ceil((i+1)·${inSpatial[i]}/${o})`,
      }));
      return { ok: true, plan: { outSpatial, formula, geometry: { kind: 'adaptive', inShape: inSpatial, outShape: outSpatial } } };
    }
    if (inSpatial.some((L) => L < 1)) throw new PoolingError(`Global pooling needs a non-empty input, got ${inSpatial.join('×')}.`, 'input');
    const outSpatial = inSpatial.map(() => 1);
    const formula = inSpatial.map((L, i) => ({ dim: names[i]!, text: `${names[i]}_out = 1: one window over all ${L}` }));
    return { ok: true, plan: { outSpatial, formula, geometry: { kind: 'global', inShape: inSpatial, outShape: outSpatial } } };
  } catch (e) {
    return { ok: false, problem: problemOf(e) };
  }
}

/**
 * Pools a [planes, ...spatial] block; throws the core's PoolingError on bad parameters.
 * `reuse` is memory the window pooling may write into (fresh memory is slow to touch).
 */
export function runPool(block: NDArray, params: Params, reuse?: Float32Array | Float64Array): NDArray {
  const d = params.spatialAxes.length;
  if (params.kind === 'window') return pool(block, toPoolOptions(params), reuse ? { output: reuse } : undefined).output;
  if (params.kind === 'adaptive') {
    if (params.mode !== 'max' && params.mode !== 'avg') throw new PoolingError(`Adaptive pooling is max or avg, not ${params.mode}.`, 'mode');
    return adaptivePool(block, params.outputSize, params.mode).output;
  }
  return globalPool(block, d, params.mode).output;
}

const tuple = (xs: readonly (number | null)[]) => (xs.length === 1 ? `${xs[0] ?? 'None'}` : `(${xs.map((x) => x ?? 'None').join(', ')})`);

/**
 * The parameters as code for a framework: the core's translation for window pooling;
 * adaptive and global pooling have their own layers (or none) in each framework.
 */
export function codeFor(params: Params, convention: Convention, blockShape: readonly number[]): string {
  if (params.kind === 'window') return toCode(toPoolOptions(params), convention, blockShape);
  const d = params.spatialAxes.length;
  const mode = params.mode;
  const dims = Array.from({ length: d }, (_, i) => -d + i);
  const torchAxes = `dim=(${dims.join(', ')}${d === 1 ? ',' : ''}), keepdim=True`;
  if (params.kind === 'adaptive') {
    const size = tuple(params.outputSize);
    if (convention === 'pytorch') {
      return `import torch.nn as nn\n\npool = nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\ny = pool(x)  # x: (N, C, ${axisNames(d).join(', ')})\n`;
    }
    return convention === 'keras'
      ? `# Keras has no adaptive pooling layer with PyTorch's bins (floor(i*L/O) to ceil((i+1)*L/O)).\n# In PyTorch: nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\n`
      : `# ONNX has no adaptive pooling operator (only Global${mode === 'max' ? 'Max' : 'Average'}Pool for output size 1).\n# In PyTorch: nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\n`;
  }
  const p = params.p === Infinity ? 'float("inf")' : String(params.p);
  if (convention === 'pytorch') {
    const body: Record<string, string> = {
      max: `y = torch.amax(x, ${torchAxes})`,
      min: `y = torch.amin(x, ${torchAxes})`,
      avg: `y = torch.mean(x, ${torchAxes})`,
      sum: `y = torch.sum(x, ${torchAxes})`,
      lp: `y = torch.sum(x ** ${p}, ${torchAxes}) ** (1 / ${p})  # nn.LPPool${d}d over the whole plane`,
    };
    return `import torch\n\n${body[mode]}  # x: (N, C, ${axisNames(d).join(', ')})\n`;
  }
  if (convention === 'keras') {
    const layer = mode === 'max' ? `GlobalMaxPooling${d}D` : mode === 'avg' ? `GlobalAveragePooling${d}D` : null;
    if (layer) return `import keras\n\npool = keras.layers.${layer}(keepdims=True)\ny = pool(x)  # x: (N, ${axisNames(d).join(', ')}, C), channels last\n`;
    const axes = `axis=(${Array.from({ length: d }, (_, i) => i + 1).join(', ')}${d === 1 ? ',' : ''}), keepdims=True`;
    const op = mode === 'min' ? `keras.ops.min(x, ${axes})` : mode === 'sum' ? `keras.ops.sum(x, ${axes})` : `keras.ops.sum(x ** ${p}, ${axes}) ** (1 / ${p})`;
    return `import keras\n\ny = ${op}  # x: (N, ${axisNames(d).join(', ')}, C), channels last\n`;
  }
  const axesList = `[${Array.from({ length: d }, (_, i) => i + 2).join(', ')}]`;
  const node: Record<string, string> = {
    max: `helper.make_node("GlobalMaxPool", ["x"], ["y"])`,
    avg: `helper.make_node("GlobalAveragePool", ["x"], ["y"])`,
    lp: `helper.make_node("GlobalLpPool", ["x"], ["y"], p=${params.p === Infinity ? '0  # ONNX p is an integer: no infinity' : Math.round(params.p)})`,
    min: `helper.make_node("ReduceMin", ["x", "axes"], ["y"], keepdims=1)  # axes = ${axesList}`,
    sum: `helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=1)  # axes = ${axesList}`,
  };
  return `from onnx import helper\n\nnode = ${node[mode]}\n`;
}
