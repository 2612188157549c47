import { POOL_MODES, PoolingError } from './types.js';
import type { Accumulate, PoolMode, PoolOptions } from './types.js';
import { checkBoolean, checkInt, checkIntArray, checkOutputCells, checkShape, checkSpatial, describe, MAX_PARAMETER, product } from './validate.js';

/**
 * Shapes and padding of one pooling call, computed once (tfjs conv_util style); the kernels and
 * the UI both run on it.
 */
export interface PoolInfo {
  batchShape: number[]; // leading (non-spatial) dims
  inSpatial: number[];
  outSpatial: number[];
  kernel: number[];
  stride: number[];
  dilation: number[];
  padBefore: number[];
  padAfter: number[];
  ceilMode: boolean;
  outputShape: number[]; // batchShape ++ outSpatial
}

/** PoolInfo plus the mode-specific options, all defaults filled in. */
export interface ResolvedPool {
  info: PoolInfo;
  mode: PoolMode;
  /** avg/lp divisor counts padded taps (default true, but false with 'same'/'same-lower' as TF/ONNX). */
  countIncludePad: boolean;
  divisorOverride: number | undefined;
  /** lp only; +Infinity means max |x|. */
  p: number;
  returnIndices: boolean;
  accumulate: Accumulate;
}

export function checkMode(mode: unknown): PoolMode {
  if (typeof mode !== 'string' || !(POOL_MODES as readonly string[]).includes(mode)) {
    throw new PoolingError(`mode must be one of ${POOL_MODES.join(', ')}, got ${describe(mode)}`, 'mode');
  }
  return mode as PoolMode;
}

export function checkAccumulate(value: unknown): Accumulate {
  if (value === undefined) return 'float64';
  if (value !== 'torch' && value !== 'float64') {
    throw new PoolingError(`accumulate must be 'torch' or 'float64', got ${describe(value)}`, 'accumulate');
  }
  return value;
}

/** Validates everything and computes shapes; throws PoolingError naming the parameter. */
export function poolInfo(inputShape: readonly number[], options: PoolOptions): PoolInfo {
  return resolvePool(inputShape, options).info;
}

export function outputShape(inputShape: readonly number[], options: PoolOptions): number[] {
  return poolInfo(inputShape, options).outputShape;
}

export function resolvePool(inputShape: readonly number[], options: PoolOptions): ResolvedPool {
  if (options === null || typeof options !== 'object') {
    throw new PoolingError(`options must be an object, got ${describe(options)}`, 'options');
  }
  const shape = checkShape(inputShape, 'inputShape');
  const mode = checkMode(options.mode);
  if (!Array.isArray(options.kernel) || options.kernel.length === 0) {
    throw new PoolingError(`kernel must be a non-empty array of sizes, got ${describe(options.kernel)}`, 'kernel');
  }
  const d = options.kernel.length;
  checkSpatial(shape, d, 'kernel');
  const kernel = checkIntArray(options.kernel, d, 1, 'kernel');
  const stride = options.stride === undefined ? kernel.slice() : checkIntArray(options.stride, d, 1, 'stride');
  const dilation = options.dilation === undefined ? kernel.map(() => 1) : checkIntArray(options.dilation, d, 1, 'dilation');
  const ceilMode = checkBoolean(options.ceilMode, 'ceilMode') ?? false;
  checkWindowExtent(kernel, dilation);
  const batchShape = shape.slice(0, shape.length - d);
  const inSpatial = shape.slice(shape.length - d);
  const { padBefore, padAfter, auto } = resolvePadding(options.padding, inSpatial, kernel, stride, dilation);

  const outSpatial = inSpatial.map((L, i) => {
    const out = outputLength(L, kernel[i]!, stride[i]!, dilation[i]!, padBefore[i]!, padAfter[i]!, ceilMode);
    if (out < 1) {
      const ext = dilation[i]! * (kernel[i]! - 1) + 1;
      throw new PoolingError(
        `kernel ${kernel[i]} (dilation ${dilation[i]}, extent ${ext}) does not fit spatial dim ${i} of size ${L} ` +
          `with padding ${padBefore[i]}+${padAfter[i]}: output size would be ${out}`,
        'kernel',
      );
    }
    return out;
  });
  const outputShapeValue = [...batchShape, ...outSpatial];
  checkOutputCells(product(outputShapeValue), outputShapeValue);

  const countIncludePad = checkBoolean(options.countIncludePad, 'countIncludePad') ?? !auto;
  let divisorOverride: number | undefined;
  if (mode === 'avg' && options.divisorOverride !== undefined) {
    // torch accepts any non-zero int (negative flips the sign).
    const v: unknown = options.divisorOverride;
    if (typeof v !== 'number' || !Number.isInteger(v) || v === 0 || Math.abs(v) > MAX_PARAMETER) {
      throw new PoolingError(`divisorOverride must be a non-zero integer, got ${describe(v)}`, 'divisorOverride');
    }
    divisorOverride = v;
  }
  let p = 2;
  if (mode === 'lp' && options.p !== undefined) {
    const value: unknown = options.p;
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new PoolingError(`p must be a positive number (or Infinity), got ${describe(value)}`, 'p');
    }
    p = value;
  }
  const returnIndices = checkBoolean(options.returnIndices, 'returnIndices') ?? false;
  if (returnIndices && mode !== 'max' && mode !== 'min') {
    throw new PoolingError(`returnIndices is only available for max and min pooling, not ${mode}`, 'returnIndices');
  }
  if (returnIndices && product(inSpatial) > 2 ** 31 - 1) {
    throw new PoolingError(`returnIndices: a plane of ${product(inSpatial)} cells does not fit int32 indices`, 'returnIndices');
  }
  const accumulate = checkAccumulate(options.accumulate);

  return {
    info: { batchShape, inSpatial, outSpatial, kernel, stride, dilation, padBefore, padAfter, ceilMode, outputShape: outputShapeValue },
    mode,
    countIncludePad,
    divisorOverride,
    p,
    returnIndices,
    accumulate,
  };
}

/** PyTorch's pooling_output_shape_pad_lr: floor/ceil division, then the ceil-mode drop rule. */
export function outputLength(L: number, k: number, s: number, d: number, pb: number, pa: number, ceilMode: boolean): number {
  const numerator = L + pb + pa - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0);
  let out = Math.floor(numerator / s) + 1;
  // The last window must start inside the input or the left padding.
  if (ceilMode && (out - 1) * s >= L + pb) out--;
  return out;
}

/** True when ceil mode produced a window that starts in the right padding and was dropped. */
export function ceilDropped(L: number, k: number, s: number, d: number, pb: number, pa: number): boolean {
  const numerator = L + pb + pa - d * (k - 1) - 1 + s - 1;
  const out = Math.floor(numerator / s) + 1;
  return (out - 1) * s >= L + pb;
}

/** TF/ONNX 'same': out = ceil(L/s), total padding split with the extra cell after (or before). */
export function samePadding(L: number, k: number, s: number, d: number, lower: boolean): [number, number] {
  const out = Math.ceil(L / s);
  const total = Math.max(0, (out - 1) * s + d * (k - 1) + 1 - L);
  const small = Math.floor(total / 2);
  return lower ? [total - small, small] : [small, total - small];
}

function resolvePadding(
  padding: PoolOptions['padding'],
  inSpatial: readonly number[],
  kernel: readonly number[],
  stride: readonly number[],
  dilation: readonly number[],
): { padBefore: number[]; padAfter: number[]; auto: boolean } {
  const d = kernel.length;
  if (padding === undefined || padding === 'valid') {
    return { padBefore: kernel.map(() => 0), padAfter: kernel.map(() => 0), auto: padding === 'valid' };
  }
  if (padding === 'same' || padding === 'same-lower') {
    const pairs = inSpatial.map((L, i) => samePadding(L, kernel[i]!, stride[i]!, dilation[i]!, padding === 'same-lower'));
    return { padBefore: pairs.map((q) => q[0]), padAfter: pairs.map((q) => q[1]), auto: true };
  }
  if (!Array.isArray(padding)) {
    throw new PoolingError(
      `padding must be an array of numbers, an array of [before, after] pairs, 'valid', 'same' or 'same-lower'; got ${describe(padding)}`,
      'padding',
    );
  }
  if (padding.length !== d) {
    throw new PoolingError(`padding must have ${d} entries (one per spatial dim), got ${padding.length}: ${describe(padding)}`, 'padding');
  }
  const entries: readonly unknown[] = padding;
  if (entries.every((e) => typeof e === 'number')) {
    const pads = checkIntArray(padding, d, 0, 'padding');
    pads.forEach((p, i) => {
      // PyTorch checks the kernel, not the dilated extent (k2 d3 p1 is accepted).
      if (p > Math.floor(kernel[i]! / 2)) {
        throw new PoolingError(
          `padding[${i}] = ${p} is more than half of kernel[${i}] = ${kernel[i]} (PyTorch allows at most ${Math.floor(kernel[i]! / 2)})`,
          'padding',
        );
      }
    });
    return { padBefore: pads, padAfter: pads.slice(), auto: false };
  }
  const padBefore: number[] = [];
  const padAfter: number[] = [];
  entries.forEach((e, i) => {
    if (!Array.isArray(e) || e.length !== 2) {
      throw new PoolingError(`padding[${i}] must be a number or a [before, after] pair, got ${describe(e)}`, 'padding');
    }
    const pair: readonly unknown[] = e;
    pair.forEach((v, j) => {
      const value = checkInt(v, 0, 'padding', `padding[${i}][${j}]`);
      // onnxruntime's rule for explicit pads: each side smaller than the kernel.
      if (value >= kernel[i]!) {
        throw new PoolingError(`padding[${i}][${j}] = ${value} must be smaller than kernel[${i}] = ${kernel[i]} (ONNX pads rule)`, 'padding');
      }
      (j === 0 ? padBefore : padAfter).push(value);
    });
  });
  return { padBefore, padAfter, auto: false };
}

/**
 * Per axis, the dilated window may span at most 2^24 cells. Larger windows only arise with
 * auto padding (which grows with the kernel) and would make every consumer that walks a window
 * (kernels, the panel's linking) loop for seconds on a one-cell input.
 */
export const MAX_WINDOW_EXTENT = 2 ** 24;

function checkWindowExtent(kernel: readonly number[], dilation: readonly number[]): void {
  kernel.forEach((k, i) => {
    const extent = dilation[i]! * (k - 1) + 1;
    if (extent > MAX_WINDOW_EXTENT) {
      throw new PoolingError(
        `kernel ${k} with dilation ${dilation[i]} spans ${extent} cells along spatial dim ${i}, more than the limit of ${MAX_WINDOW_EXTENT}`,
        k > MAX_WINDOW_EXTENT ? 'kernel' : 'dilation',
      );
    }
  });
}
