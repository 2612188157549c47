/*
 * How each framework reads the current parameters: the closest layer arguments a person porting
 * the layer would write there (explicit strides, the nearest padding the framework has, the
 * flags it can carry), and what those arguments compute, as PoolOptions for our core.
 */
import { poolInfo, PoolingError, toKeras, toOnnx, toPyTorch } from '../core/index.js';
import type { Convention, KerasParams, OnnxParams, PoolOptions, PyTorchParams } from '../core/index.js';

export type Framework = Convention;
export const FRAMEWORKS: readonly Framework[] = ['pytorch', 'keras', 'onnx'];
export const FRAMEWORK_LABEL: Record<Framework, string> = { pytorch: 'PyTorch', keras: 'Keras', onnx: 'ONNX' };

export type FrameworkArgs =
  | { framework: 'pytorch'; params: PyTorchParams }
  | { framework: 'keras'; params: KerasParams }
  | { framework: 'onnx'; params: OnnxParams };

export interface Reading {
  framework: Framework;
  /** What the framework computes, for our core (run on |x| when `absInput`). */
  options: PoolOptions;
  /** The framework's own arguments. */
  args: FrameworkArgs;
  /** The layer as written there, e.g. "nn.AvgPool2d(kernel_size=3, stride=2, padding=1)". */
  call: string;
  /** Where the reading departs from the current parameters, and the defaults a port must override. */
  notes: string[];
  /** ONNX LpPool takes |x|. */
  absInput: boolean;
}

export type ReadingResult = { ok: true; reading: Reading } | { ok: false; reason: string };

/** The framework's closest reading of `options` on an input of `shape`; `ok: false` says what it cannot express. */
export function readAs(framework: Framework, shape: readonly number[], options: PoolOptions, float32: boolean): ReadingResult {
  try {
    if (framework === 'pytorch') return { ok: true, reading: pytorchReading(shape, options, float32) };
    if (framework === 'keras') return { ok: true, reading: kerasReading(shape, options) };
    return { ok: true, reading: onnxReading(shape, options, float32) };
  } catch (e) {
    if (e instanceof PoolingError && e.parameter === 'convention') return { ok: false, reason: e.message };
    throw e;
  }
}

/** Everything but the padding and the flags, as the core resolved it. */
function common(shape: readonly number[], options: PoolOptions): { base: PoolOptions; info: ReturnType<typeof poolInfo> } {
  const info = poolInfo(shape, options);
  const base: PoolOptions = {
    mode: options.mode,
    kernel: info.kernel,
    stride: info.stride,
    dilation: info.dilation,
    ceilMode: info.ceilMode,
  };
  if (options.divisorOverride !== undefined) base.divisorOverride = options.divisorOverride;
  if (options.p !== undefined) base.p = options.p;
  return { base, info };
}

/** The core's countIncludePad default: true except with 'same' padding. */
function countsPadding(options: PoolOptions): boolean {
  return options.countIncludePad ?? !(options.padding === 'same' || options.padding === 'same-lower');
}

const tuple = (v: readonly number[]): string => (v.every((x) => x === v[0]) ? String(v[0]) : `(${v.join(', ')})`);
const pyBool = (b: boolean): string => (b ? 'True' : 'False');

function pytorchReading(shape: readonly number[], options: PoolOptions, float32: boolean): Reading {
  const { base, info } = common(shape, options);
  const d = info.kernel.length;
  const notes: string[] = [];
  const symmetric = info.padBefore.every((p, i) => p === info.padAfter[i] && p <= Math.floor(info.kernel[i]! / 2));
  // Porting 'same' (or uneven pads): the nearest symmetric padding PyTorch allows.
  const padding = symmetric ? info.padBefore.slice() : info.padBefore.map((p, i) => Math.min(Math.floor(info.kernel[i]! / 2), Math.max(p, info.padAfter[i]!)));
  if (!symmetric) {
    const what = options.padding === 'same' || options.padding === 'same-lower' ? `padding='${options.padding}'` : 'uneven padding';
    notes.push(`PyTorch has no ${what}: padding=${tuple(padding)} on both sides is the nearest`);
  }
  const reading: PoolOptions = { ...base, padding };
  if (options.mode === 'avg' || options.mode === 'lp') {
    reading.countIncludePad = countsPadding(options);
    if (options.mode === 'avg' && !reading.countIncludePad && padding.some((p) => p > 0)) {
      notes.push("count_include_pad=False must be written: PyTorch's default True divides by the whole window");
    }
  }
  if (float32) reading.accumulate = 'torch';
  const params = toPyTorch(reading, shape);
  const cls = { max: 'MaxPool', min: 'MaxPool', avg: 'AvgPool', sum: 'AvgPool', lp: 'LPPool' }[options.mode];
  const args: string[] = [];
  if (options.mode === 'lp') args.push(`norm_type=${params.norm_type}`);
  args.push(`kernel_size=${tuple(info.kernel)}`, `stride=${tuple(info.stride)}`);
  if (options.mode !== 'lp') args.push(`padding=${tuple(padding)}`);
  if (params.dilation !== undefined && info.dilation.some((v) => v !== 1)) args.push(`dilation=${tuple(info.dilation)}`);
  if (info.ceilMode) args.push('ceil_mode=True');
  if (params.count_include_pad !== undefined && (options.mode === 'avg' || options.mode === 'sum'))
    args.push(`count_include_pad=${pyBool(params.count_include_pad)}`);
  if (params.divisor_override !== undefined && params.divisor_override !== null) args.push(`divisor_override=${params.divisor_override}`);
  const call = `${options.mode === 'min' ? '-' : ''}nn.${cls}${d}d(${args.join(', ')})${options.mode === 'min' ? '(-x)' : ''}`;
  return { framework: 'pytorch', options: reading, args: { framework: 'pytorch', params }, call, notes, absInput: false };
}

function kerasReading(shape: readonly number[], options: PoolOptions): Reading {
  const { base, info } = common(shape, options);
  const notes: string[] = [];
  const padded = info.padBefore.some((p, i) => p + info.padAfter[i]! > 0);
  let padding: 'same' | 'valid';
  if (options.padding === 'same' || options.padding === 'same-lower') padding = 'same';
  else padding = padded || info.ceilMode ? 'same' : 'valid';
  if (options.padding === 'same-lower') notes.push("Keras has no SAME_LOWER: padding='same' puts the extra padded cell at the end");
  else if (padded && padding === 'same' && options.padding !== 'same') notes.push("Keras has no explicit padding: padding='same' is the nearest");
  if (info.ceilMode) notes.push("Keras has no ceil_mode: padding='same' keeps the last partial window");
  if (options.mode === 'avg' && countsPadding(options) && padding === 'same') notes.push('Keras average pooling never counts padded cells');
  const reading: PoolOptions = { ...base, padding, ceilMode: false };
  if (options.mode === 'avg') reading.countIncludePad = false;
  if (options.mode === 'sum' || options.mode === 'lp') {
    throw new PoolingError(`Keras cannot express ${options.mode === 'sum' ? 'sum' : 'LP'} pooling (it has max and average pooling layers)`, 'convention');
  }
  const params = toKeras(reading, shape);
  const d = info.kernel.length;
  const layer = `${params.mode === 'max' ? 'MaxPooling' : 'AveragePooling'}${d}D`;
  const call = `${options.mode === 'min' ? '-' : ''}layers.${layer}(pool_size=${tuple(info.kernel)}, strides=${tuple(info.stride)}, padding='${padding}')${options.mode === 'min' ? '(-x)' : ''}`;
  return { framework: 'keras', options: reading, args: { framework: 'keras', params }, call, notes, absInput: false };
}

function onnxReading(shape: readonly number[], options: PoolOptions, float32: boolean): Reading {
  const { base, info } = common(shape, options);
  const notes: string[] = [];
  let padding: PoolOptions['padding'];
  if (options.padding === 'same' || options.padding === 'same-lower' || options.padding === 'valid') padding = options.padding;
  else padding = info.padBefore.map((p, i) => [p, info.padAfter[i]!] as const);
  const reading: PoolOptions = { ...base, padding };
  if (options.mode === 'avg' || options.mode === 'lp') reading.countIncludePad = countsPadding(options);
  if (float32) reading.accumulate = 'torch';
  const params = toOnnx(reading, shape);
  if (info.stride.some((s) => s !== 1)) notes.push(`ONNX strides default to 1: strides=[${info.stride.join(', ')}] must be written`);
  if (options.mode === 'avg' && reading.countIncludePad === true && info.padBefore.some((p, i) => p + info.padAfter[i]! > 0)) {
    notes.push('count_include_pad=1 must be written: ONNX defaults to 0');
  }
  if (options.mode === 'lp') notes.push("ONNX LpPool takes |x| (PyTorch's LPPool does not)");
  const op = params.mode === 'max' ? 'MaxPool' : params.mode === 'avg' ? 'AveragePool' : 'LpPool';
  const attrs = [`kernel_shape=[${params.kernel_shape.join(', ')}]`, `strides=[${params.strides!.join(', ')}]`];
  if (params.auto_pad !== undefined) attrs.push(`auto_pad='${params.auto_pad}'`);
  if (params.pads?.some((p) => p !== 0)) attrs.push(`pads=[${params.pads.join(', ')}]`);
  if (params.dilations?.some((v) => v !== 1)) attrs.push(`dilations=[${params.dilations.join(', ')}]`);
  if (params.ceil_mode === 1) attrs.push('ceil_mode=1');
  if (params.count_include_pad !== undefined) attrs.push(`count_include_pad=${params.count_include_pad}`);
  if (params.p !== undefined) attrs.push(`p=${params.p}`);
  const call = `${op}(${attrs.join(', ')})`;
  return { framework: 'onnx', options: reading, args: { framework: 'onnx', params }, call, notes, absInput: options.mode === 'lp' };
}
