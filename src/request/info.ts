// What a request will produce, without pooling: the output size per spatial axis, the window
// geometry the panel links with, and the output-size formula with this input's numbers. Window,
// adaptive and global pooling each have their shape rule here and nowhere else.
import type { Convention } from '../core/conventions.js';
import { outputSizeFormula } from '../core/formula.js';
import { poolInfo } from '../core/info.js';
import { PoolingError } from '../core/types.js';
import type { PoolRequest } from '../protocol.js';
import { toPoolOptions } from './options.js';

/** Where each output cell's window lies in the input: what linking and the arithmetic walk. */
export type RequestGeometry =
  | {
      kind: 'window';
      inShape: readonly number[];
      outShape: readonly number[];
      kernel: readonly number[];
      stride: readonly number[];
      dilation: readonly number[];
      padBefore: readonly number[];
      padAfter: readonly number[];
    }
  | { kind: 'adaptive'; inShape: readonly number[]; outShape: readonly number[] }
  | { kind: 'global'; inShape: readonly number[]; outShape: readonly number[] };

export interface FormulaLine {
  dim: string;
  text: string;
}

export interface RequestInfo {
  inSpatial: number[];
  outSpatial: number[];
  geometry: RequestGeometry;
  formula: FormulaLine[];
}

const AXIS_NAMES: Record<number, readonly string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export function axisNames(d: number): readonly string[] {
  return AXIS_NAMES[d] ?? Array.from({ length: d }, (_, i) => `dim${i}`);
}

/** Adaptive pooling exists for max and avg only (nn.AdaptiveMaxPool / nn.AdaptiveAvgPool). */
export function checkAdaptiveMode(mode: PoolRequest['mode']): asserts mode is 'max' | 'avg' {
  if (mode !== 'max' && mode !== 'avg') {
    throw new PoolingError(`Adaptive pooling is max or avg (as nn.AdaptiveMaxPool / nn.AdaptiveAvgPool), not ${mode}.`, 'mode');
  }
}

/**
 * Checks `req` against an array whose LAST `req.spatialAxes.length` axes are the spatial ones
 * and works out what it produces. Throws the core's PoolingError naming the parameter.
 */
export function requestInfo(shape: readonly number[], req: PoolRequest, convention?: Convention): RequestInfo {
  const d = req.spatialAxes.length;
  const inSpatial = shape.slice(shape.length - d);
  const names = axisNames(d);
  switch (req.kind) {
    case 'window': {
      if (req.kernel.length !== d) throw new PoolingError(`kernel has ${req.kernel.length} sizes for ${d} spatial axes`, 'kernel');
      const options = toPoolOptions(req, convention);
      const info = poolInfo(shape, options);
      const formula = outputSizeFormula(shape, options).map((f, i) => ({ dim: names[i] ?? String(f.dim), text: `${names[i] ?? f.dim}_out = ${f.text}` }));
      return {
        inSpatial: info.inSpatial.slice(),
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
      };
    }
    case 'adaptive': {
      checkAdaptiveMode(req.mode);
      if (req.outputSize.length !== d) throw new PoolingError(`outputSize has ${req.outputSize.length} sizes for ${d} spatial axes`, 'outputSize');
      const outSpatial = inSpatial.map((L, i) => {
        const o = req.outputSize[i];
        if (o === null || o === undefined) return L;
        if (!Number.isSafeInteger(o) || o < 1) {
          throw new PoolingError(`outputSize must be positive integers (or empty to keep the size), got ${o} for ${names[i]}.`, 'outputSize');
        }
        return o;
      });
      if (inSpatial.some((L) => L < 1)) throw new PoolingError(`Adaptive pooling needs a non-empty input, got ${inSpatial.join('×')}.`, 'input');
      const formula = outSpatial.map((o, i) => ({
        dim: names[i] ?? '',
        text: `${names[i]}_out = ${o}: bin i spans floor(i·${inSpatial[i]}/${o}) to ceil((i+1)·${inSpatial[i]}/${o})`,
      }));
      return { inSpatial, outSpatial, formula, geometry: { kind: 'adaptive', inShape: inSpatial, outShape: outSpatial } };
    }
    case 'global': {
      if (inSpatial.some((L) => L < 1)) throw new PoolingError(`Global pooling needs a non-empty input, got ${inSpatial.join('×')}.`, 'input');
      const outSpatial = inSpatial.map(() => 1);
      const formula = inSpatial.map((L, i) => ({ dim: names[i] ?? '', text: `${names[i]}_out = 1: one window over all ${L}` }));
      return { inSpatial, outSpatial, formula, geometry: { kind: 'global', inShape: inSpatial, outShape: outSpatial } };
    }
  }
}

/** The output's shape: the leading axes kept, the spatial ones replaced. */
export function requestOutputShape(shape: readonly number[], req: PoolRequest, convention?: Convention): number[] {
  const d = req.spatialAxes.length;
  return [...shape.slice(0, shape.length - d), ...requestInfo(shape, req, convention).outSpatial];
}
