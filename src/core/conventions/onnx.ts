import type { ResolvedPool } from '../info.js';
import { PoolingError } from '../types.js';
import type { Padding, PoolOptions } from '../types.js';
import { checkIntArray, describe } from '../validate.js';
import { ARANGE, inputDtype, inputLine, pyInts, pyList, unsupported } from './python.js';
import type { CodeInput } from './python.js';

export interface OnnxParams {
  mode: 'max' | 'avg' | 'lp';
  kernel_shape: number[];
  strides?: number[];
  pads?: number[];
  auto_pad?: 'NOTSET' | 'VALID' | 'SAME_UPPER' | 'SAME_LOWER';
  dilations?: number[];
  ceil_mode?: number;
  count_include_pad?: number;
  p?: number;
}

/** ONNX MaxPool/AveragePool/LpPool attributes → PoolOptions (strides default to 1, count_include_pad to 0). */
export function fromOnnx(p: OnnxParams): PoolOptions {
  if (p.mode !== 'max' && p.mode !== 'avg' && p.mode !== 'lp') {
    throw new PoolingError(`ONNX pools with 'max', 'avg' or 'lp', got ${describe(p.mode)}`, 'mode');
  }
  if (!Array.isArray(p.kernel_shape) || p.kernel_shape.length === 0) {
    throw new PoolingError(`kernel_shape must be a non-empty list, got ${describe(p.kernel_shape)}`, 'kernel');
  }
  const d = p.kernel_shape.length;
  const kernel = checkIntArray(p.kernel_shape, d, 1, 'kernel');
  const stride = p.strides === undefined ? kernel.map(() => 1) : checkIntArray(p.strides, d, 1, 'stride');
  const dilation = p.dilations === undefined ? kernel.map(() => 1) : checkIntArray(p.dilations, d, 1, 'dilation');
  const autoPad = p.auto_pad ?? 'NOTSET';
  let padding: Padding;
  if (autoPad === 'VALID') padding = 'valid';
  else if (autoPad === 'SAME_UPPER') padding = 'same';
  else if (autoPad === 'SAME_LOWER') padding = 'same-lower';
  else if (autoPad === 'NOTSET') {
    const pads = p.pads === undefined ? new Array<number>(2 * d).fill(0) : checkIntArray(p.pads, 2 * d, 0, 'padding');
    const before = pads.slice(0, d);
    const after = pads.slice(d);
    const symmetric = before.every((v, i) => v === after[i] && v <= Math.floor(kernel[i]! / 2));
    padding = symmetric ? before : before.map((v, i) => [v, after[i]!] as const);
  } else {
    throw new PoolingError(`auto_pad must be NOTSET, VALID, SAME_UPPER or SAME_LOWER, got ${describe(autoPad)}`, 'padding');
  }
  const ceil = p.ceil_mode ?? 0;
  if (ceil !== 0 && ceil !== 1) throw new PoolingError(`ceil_mode must be 0 or 1, got ${describe(ceil)}`, 'ceilMode');
  const options: PoolOptions = { mode: p.mode, kernel, stride, padding, dilation, ceilMode: ceil === 1 };
  if (p.mode === 'avg') {
    const cip = p.count_include_pad ?? 0;
    if (cip !== 0 && cip !== 1) throw new PoolingError(`count_include_pad must be 0 or 1, got ${describe(cip)}`, 'countIncludePad');
    options.countIncludePad = cip === 1;
  }
  if (p.mode === 'lp') {
    const value = p.p ?? 2;
    if (!Number.isInteger(value) || value < 1) throw new PoolingError(`ONNX LpPool p must be a positive integer, got ${describe(value)}`, 'p');
    options.p = value;
  }
  return options;
}

export function toOnnxParams(r: ResolvedPool, padding: PoolOptions['padding']): OnnxParams {
  const { info, mode } = r;
  if (mode === 'min') throw unsupported('ONNX', 'min pooling in one node (it has MaxPool only)');
  if (mode === 'sum') throw unsupported('ONNX', 'sum pooling');
  if (r.divisorOverride !== undefined) throw unsupported('ONNX', 'divisorOverride');
  const params: OnnxParams = {
    mode,
    kernel_shape: info.kernel.slice(),
    strides: info.stride.slice(),
    dilations: info.dilation.slice(),
    ceil_mode: info.ceilMode ? 1 : 0,
  };
  if (padding === 'same') params.auto_pad = 'SAME_UPPER';
  else if (padding === 'same-lower') params.auto_pad = 'SAME_LOWER';
  else if (padding === 'valid') params.auto_pad = 'VALID';
  else params.pads = [...info.padBefore, ...info.padAfter];
  if (mode === 'avg') params.count_include_pad = r.countIncludePad ? 1 : 0;
  if (mode === 'lp') {
    if (!Number.isInteger(r.p)) throw unsupported('ONNX', `LpPool with non-integer p = ${r.p}`);
    if (r.p < 1) throw unsupported('ONNX', `LpPool with p = ${r.p} (its p is a positive integer)`);
    if (info.ceilMode) throw unsupported('ONNX', 'LpPool in ceil mode (torch rescales partial windows, ONNX does not)');
    if (info.padBefore.some((v, i) => v + info.padAfter[i]! > 0)) throw unsupported('ONNX', 'LpPool with padding as torch defines it');
    params.p = r.p;
  }
  return params;
}

export function onnxCode(r: ResolvedPool, padding: PoolOptions['padding'], inputShape: readonly number[], input: CodeInput = ARANGE): string {
  const params = toOnnxParams(r, padding);
  const op = params.mode === 'max' ? 'MaxPool' : params.mode === 'avg' ? 'AveragePool' : 'LpPool';
  const attrs = [`kernel_shape=${pyList(params.kernel_shape)}`, `strides=${pyList(params.strides!)}`];
  if (params.auto_pad !== undefined) attrs.push(`auto_pad='${params.auto_pad}'`);
  if (params.pads !== undefined) attrs.push(`pads=${pyList(params.pads)}`);
  attrs.push(`dilations=${pyList(params.dilations!)}`, `ceil_mode=${params.ceil_mode}`);
  if (params.count_include_pad !== undefined) attrs.push(`count_include_pad=${params.count_include_pad}`);
  if (params.p !== undefined) attrs.push(`p=${params.p}`);
  const outputs = r.returnIndices ? "['Y', 'Indices']" : "['Y']";
  const spatial = r.info.inSpatial;
  const n = inputShape.reduce((a, b) => a * b, 1);
  const planes = n / spatial.reduce((a, b) => a * b, 1);
  const elem = inputDtype(input) === 'float32' ? 'FLOAT' : 'DOUBLE';
  const lines = [
    'import numpy as np',
    'import onnx',
    'from onnx import TensorProto, helper',
    'from onnx.reference import ReferenceEvaluator',
    '',
    `node = helper.make_node('${op}', inputs=['X'], outputs=${outputs}, ${attrs.join(', ')})`,
    `x_info = helper.make_tensor_value_info('X', TensorProto.${elem}, [${planes}, 1, ${spatial.join(', ')}])`,
    `y_info = helper.make_tensor_value_info('Y', TensorProto.${elem}, None)`,
    ...(r.returnIndices ? ["i_info = helper.make_tensor_value_info('Indices', TensorProto.INT64, None)"] : []),
    `graph = helper.make_graph([node], 'pool', [x_info], [y_info${r.returnIndices ? ', i_info' : ''}])`,
    "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])",
    'onnx.checker.check_model(model)',
    '',
    inputLine('np', inputShape, input),
    '# ONNX pools (N, C, *spatial): all leading dims become N',
    `outs = ReferenceEvaluator(model).run(None, {'X': x.reshape(${planes}, 1, ${spatial.join(', ')})})`,
    `y = outs[0].reshape(${pyInts(r.info.outputShape, false)})`,
    'print(y)',
  ];
  if (r.returnIndices) lines.push('# ONNX Indices count from the start of the whole tensor, not of each plane', 'print(outs[1])');
  if (params.mode === 'lp') lines.push("# ONNX LpPool takes |x| (torch's LPPool does not): equal for non-negative input");
  return lines.join('\n') + '\n';
}
