import { kerasCode, toKerasParams } from './conventions/keras.js';
import { onnxCode, toOnnxParams } from './conventions/onnx.js';
import { exampleShape } from './conventions/python.js';
import { pyTorchCode, toPyTorchParams } from './conventions/pytorch.js';
import { resolvePool } from './info.js';
import { PoolingError } from './types.js';
import type { PoolOptions } from './types.js';
import { describe } from './validate.js';

export { fromKeras } from './conventions/keras.js';
export type { KerasParams } from './conventions/keras.js';
export { fromOnnx } from './conventions/onnx.js';
export type { OnnxParams } from './conventions/onnx.js';
export { fromPyTorch } from './conventions/pytorch.js';
export type { PyTorchParams } from './conventions/pytorch.js';

/** The frameworks whose defaults and code the panel knows. */
export const CONVENTIONS = ['pytorch', 'keras', 'onnx'] as const;
export type Convention = (typeof CONVENTIONS)[number];

export interface ConventionDefaults {
  strideDefault: 'kernel' | 'one';
  countIncludePad: boolean;
  paddingDefault: string;
  notes: string[];
}

const DEFAULTS: Record<Convention, ConventionDefaults> = {
  pytorch: {
    strideDefault: 'kernel',
    countIncludePad: true,
    paddingDefault: '0',
    notes: [
      'stride defaults to kernel_size',
      'count_include_pad defaults to True',
      'padding is symmetric and at most half the kernel (checked on the kernel, not the dilated extent)',
      'ceil_mode drops a last window that would start in the right padding',
      'avg_pool1d has no divisor_override; avg and LPPool have no dilation; LPPool has no padding',
      'LPPool with norm_type=inf returns 1.0 (a bug); max |x| is meant',
      'max indices are flat within each (N, C) plane',
    ],
  },
  keras: {
    strideDefault: 'kernel',
    countIncludePad: false,
    paddingDefault: 'valid',
    notes: [
      'strides=None means pool_size',
      "padding is 'valid' or 'same' (out = ceil(L / stride), the extra padded cell at the end)",
      'average pooling never counts padded cells',
      'layout is channels-last: (batch, *spatial, channels)',
      'no dilation, ceil mode or indices in the pooling layers',
    ],
  },
  onnx: {
    strideDefault: 'one',
    countIncludePad: false,
    paddingDefault: 'pads = 0 (auto_pad NOTSET)',
    notes: [
      'strides default to 1, not to the kernel',
      'count_include_pad defaults to 0',
      'pads are [x1_begin, x2_begin, …, x1_end, x2_end]',
      'auto_pad SAME_UPPER puts the extra padded cell at the end, SAME_LOWER at the start',
      'MaxPool Indices count from the start of the whole tensor, not of each plane',
      "LpPool takes |x| and does not rescale partial windows (torch's LPPool does neither)",
    ],
  },
};

export function conventionDefaults(c: Convention): ConventionDefaults {
  const found = DEFAULTS[c];
  if (found === undefined) throw new PoolingError(`convention must be pytorch, keras or onnx, got ${describe(c)}`, 'convention');
  return { ...found, notes: found.notes.slice() };
}

/**
 * A runnable snippet computing `options` in the framework, on x = arange(1, n + 1) of
 * `inputShape` (default: (1, 1, 8, …)). Throws PoolingError (parameter 'convention') when the
 * framework cannot express the options.
 */
export function toCode(options: PoolOptions, convention: Convention, inputShape?: readonly number[]): string {
  conventionDefaults(convention);
  const shape = inputShape ?? exampleShape(options.kernel, options.dilation ?? []);
  if (inputShape === undefined && (options.padding === 'same' || options.padding === 'same-lower') && convention === 'pytorch') {
    throw new PoolingError("PyTorch pooling has no 'same' padding; give the input shape to turn it into explicit padding", 'convention');
  }
  const r = resolvePool(shape, options);
  if (convention === 'pytorch') return pyTorchCode(r, shape);
  if (convention === 'keras') return kerasCode(r, options.padding, shape);
  return onnxCode(r, options.padding, shape);
}

/** Parameter sets for each framework (the inverse of fromPyTorch / fromKeras / fromOnnx). */
export function toPyTorch(options: PoolOptions, inputShape?: readonly number[]): ReturnType<typeof toPyTorchParams> {
  return toPyTorchParams(resolvePool(inputShape ?? exampleShape(options.kernel, options.dilation ?? []), options));
}

export function toKeras(options: PoolOptions, inputShape?: readonly number[]): ReturnType<typeof toKerasParams> {
  return toKerasParams(resolvePool(inputShape ?? exampleShape(options.kernel, options.dilation ?? []), options), options.padding);
}

export function toOnnx(options: PoolOptions, inputShape?: readonly number[]): ReturnType<typeof toOnnxParams> {
  return toOnnxParams(resolvePool(inputShape ?? exampleShape(options.kernel, options.dilation ?? []), options), options.padding);
}
