/*
 * A chain of pooling layers as framework code: nn.Sequential, Keras Sequential, or an ONNX graph
 * (onnx.helper). Each layer's arguments come from the same translations as single layers
 * (toPyTorchParams / toKerasParams / toOnnxParams); what a framework cannot express throws
 * PoolingError('convention') naming the layer.
 */
import { chainInfo } from '../chain.js';
import type { ChainLayer } from '../chain.js';
import { resolvePool } from '../info.js';
import { PoolingError } from '../types.js';
import { toKerasParams } from './keras.js';
import { toOnnxParams } from './onnx.js';
import { ARANGE, inputDtype, inputLine, pyBool, pyFloat, pyInts, pyList, unsupported } from './python.js';
import type { CodeInput } from './python.js';
import { toPyTorchParams } from './pytorch.js';

type Framework = 'pytorch' | 'keras' | 'onnx';

interface Step {
  index: number;
  layer: ChainLayer;
  inShape: number[];
  outShape: number[];
  d: number;
}

function steps(inputShape: readonly number[], layers: readonly ChainLayer[], framework: string): Step[] {
  const fields = chainInfo(inputShape, layers);
  const out = layers.map((layer, i) => {
    const d = layer.kind === 'window' ? layer.options.kernel.length : layer.kind === 'adaptive' ? layer.outputSize.length : layer.spatialDims;
    return { index: i, layer, inShape: i === 0 ? inputShape.slice() : fields[i - 1]!.outShape, outShape: fields[i]!.outShape, d };
  });
  if (out.length === 0) throw new PoolingError('a chain needs at least one layer', 'layers');
  const dims = new Set(out.map((s) => s.d));
  if (dims.size > 1) throw unsupported(framework, `one Sequential model whose layers pool different numbers of axes (${[...dims].join(' and ')})`);
  if (out[0]!.d > 3) throw unsupported(framework, `pooling over ${out[0]!.d} spatial dims`);
  return out;
}

/** Runs `fn` for layer i, prefixing a PoolingError with the layer's number. */
function at<T>(i: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PoolingError) throw new PoolingError(`layer ${i + 1}: ${e.message}`, e.parameter, i + 1);
    throw e;
  }
}

const spatialOf = (shape: readonly number[], d: number): number[] => shape.slice(shape.length - d);

/** Uniform adaptive bins are windows of L/O cells, step L/O; uneven ones have no fixed-window form. */
function uniformAdaptive(s: Step, framework: string): number[] {
  if (s.layer.kind !== 'adaptive') throw new Error('not adaptive');
  const inSp = spatialOf(s.inShape, s.d);
  const outSp = spatialOf(s.outShape, s.d);
  return inSp.map((L, a) => {
    const O = outSp[a]!;
    if (O === 0 || L % O !== 0)
      throw unsupported(framework, `adaptive pooling of ${L} cells into ${O} bins (uneven bins; only sizes that divide evenly become a fixed window)`);
    return L / O;
  });
}

function pyTorchModule(s: Step): string {
  const { layer, d } = s;
  if (layer.kind === 'adaptive') {
    const size = layer.outputSize.map((v) => (v === null ? 'None' : String(v)));
    return `nn.Adaptive${layer.mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size.length === 1 ? size[0] : `(${size.join(', ')})`})`;
  }
  if (layer.kind === 'global') {
    if (layer.mode === 'avg') return `nn.AdaptiveAvgPool${d}d(1)`;
    if (layer.mode === 'max') return `nn.AdaptiveMaxPool${d}d(1)`;
    throw unsupported('PyTorch', `global ${layer.mode} pooling as an nn module`);
  }
  const r = resolvePool(s.inShape, layer.options);
  const p = toPyTorchParams(r);
  const k = pyInts(r.info.kernel);
  const st = pyInts(r.info.stride);
  const pad = pyInts(r.info.padBefore);
  const ceil = pyBool(r.info.ceilMode);
  if (r.mode === 'max') return `nn.MaxPool${d}d(kernel_size=${k}, stride=${st}, padding=${pad}, dilation=${pyInts(r.info.dilation)}, ceil_mode=${ceil})`;
  if (r.mode === 'min') throw unsupported('PyTorch', 'min pooling as an nn module');
  if (r.mode === 'lp') {
    if (r.p === Infinity) throw unsupported('PyTorch', 'LPPool with norm_type=inf (it returns 1.0, a torch bug)');
    return `nn.LPPool${d}d(norm_type=${pyFloat(r.p)}, kernel_size=${k}, stride=${st}, ceil_mode=${ceil})`;
  }
  const override = p.divisor_override ?? null;
  if (d === 1 && override !== null) throw unsupported('PyTorch', `${r.mode === 'sum' ? 'sum pooling' : 'divisor_override'} in nn.AvgPool1d`);
  const ov = override === null ? '' : `, divisor_override=${override}`;
  return `nn.AvgPool${d}d(kernel_size=${k}, stride=${st}, padding=${pad}, ceil_mode=${ceil}, count_include_pad=${pyBool(p.count_include_pad ?? true)}${ov})`;
}

/** One Keras layer of a chain; `Negate` is `Lambda(lambda t: -t)` (min pooling is -max(-x)). */
export type KerasLayerSpec =
  | { layer: number; className: `${'Max' | 'Average'}Pooling${1 | 2 | 3}D`; poolSize: number[]; strides: number[]; padding: 'valid' | 'same'; note?: string }
  | { layer: number; className: `Global${'Max' | 'Average'}Pooling${1 | 2 | 3}D`; keepdims: true }
  | { layer: number; className: 'Negate' };

function kerasLayers(s: Step): KerasLayerSpec[] {
  const { layer } = s;
  const d = s.d as 1 | 2 | 3;
  const n = s.index + 1;
  if (layer.kind === 'global') {
    if (layer.mode !== 'avg' && layer.mode !== 'max') throw unsupported('Keras', `global ${layer.mode} pooling`);
    return [{ layer: n, className: `Global${layer.mode === 'max' ? 'Max' : 'Average'}Pooling${d}D`, keepdims: true }];
  }
  if (layer.kind === 'adaptive') {
    const k = uniformAdaptive(s, 'Keras');
    const className = `${layer.mode === 'max' ? 'Max' : 'Average'}Pooling${d}D` as const;
    return [{ layer: n, className, poolSize: k, strides: k, padding: 'valid', note: `layer ${n}: adaptive ${layer.mode} with even bins = a fixed window` }];
  }
  const r = resolvePool(s.inShape, layer.options);
  const p = toKerasParams(r, layer.options.padding);
  const pool: KerasLayerSpec = {
    layer: n,
    className: `${p.mode === 'max' ? 'Max' : 'Average'}Pooling${d}D`,
    poolSize: p.pool_size as number[],
    strides: p.strides as number[],
    padding: p.padding ?? 'valid',
  };
  if (r.mode !== 'min') return [pool];
  return [{ layer: n, className: 'Negate' }, pool, { layer: n, className: 'Negate' }];
}

/** The chain as Keras layers (channels-last input); throws PoolingError('convention') naming a layer Keras cannot express. */
export function chainToKerasLayers(inputShape: readonly number[], layers: readonly ChainLayer[]): KerasLayerSpec[] {
  return steps(inputShape, layers, 'Keras').flatMap((s, i) => at(i, () => kerasLayers(s)));
}

function kerasLine(spec: KerasLayerSpec, dtype: string): string[] {
  const L = 'tf.keras.layers';
  if (spec.className === 'Negate') return [`${L}.Lambda(lambda t: -t, dtype='${dtype}'),`];
  if ('keepdims' in spec) return [`${L}.${spec.className}(keepdims=True, dtype='${dtype}'),`];
  const line = `${L}.${spec.className}(pool_size=${pyInts(spec.poolSize, false)}, strides=${pyInts(spec.strides, false)}, padding='${spec.padding}', dtype='${dtype}'),`;
  return spec.note === undefined ? [line] : [`# ${spec.note}`, line];
}

/** One ONNX node of a chain: attribute values are ints, int lists or strings. */
export interface OnnxGraphNode {
  op: 'MaxPool' | 'AveragePool' | 'LpPool' | 'GlobalMaxPool' | 'GlobalAveragePool';
  name: string;
  input: string;
  output: string;
  attributes: Record<string, number | number[] | string>;
}

/** A chain as an ONNX graph on an (N, 1, *spatial) input named X; every node's output is a graph output. */
export interface OnnxGraph {
  inputShape: number[];
  nodes: OnnxGraphNode[];
  /** The graph's outputs (every layer's), the last one is Y. */
  outputs: string[];
  /** Shape of Y with the chain input's leading dims. */
  outShape: number[];
}

function onnxNode(s: Step, input: string, output: string): OnnxGraphNode {
  const { layer } = s;
  const node = (op: OnnxGraphNode['op'], attributes: OnnxGraphNode['attributes'] = {}): OnnxGraphNode => ({
    op,
    name: `layer${s.index + 1}`,
    input,
    output,
    attributes,
  });
  if (layer.kind === 'global') {
    if (layer.mode === 'avg') return node('GlobalAveragePool');
    if (layer.mode === 'max') return node('GlobalMaxPool');
    throw unsupported('ONNX', `global ${layer.mode} pooling`);
  }
  if (layer.kind === 'adaptive') {
    const k = uniformAdaptive(s, 'ONNX');
    return node(layer.mode === 'max' ? 'MaxPool' : 'AveragePool', { kernel_shape: k, strides: k });
  }
  const p = toOnnxParams(resolvePool(s.inShape, layer.options), layer.options.padding);
  const attributes: OnnxGraphNode['attributes'] = { kernel_shape: p.kernel_shape, strides: p.strides! };
  if (p.auto_pad !== undefined) attributes.auto_pad = p.auto_pad;
  if (p.pads !== undefined) attributes.pads = p.pads;
  attributes.dilations = p.dilations!;
  attributes.ceil_mode = p.ceil_mode!;
  if (p.count_include_pad !== undefined) attributes.count_include_pad = p.count_include_pad;
  if (p.p !== undefined) attributes.p = p.p;
  return node(p.mode === 'max' ? 'MaxPool' : p.mode === 'avg' ? 'AveragePool' : 'LpPool', attributes);
}

/** The chain as an ONNX graph description; throws PoolingError('convention') naming a layer ONNX cannot express. */
export function chainToOnnxGraph(inputShape: readonly number[], layers: readonly ChainLayer[]): OnnxGraph {
  const st = steps(inputShape, layers, 'ONNX');
  const inSp = spatialOf(inputShape, st[0]!.d);
  const planes = inputShape.reduce((a, b) => a * b, 1) / inSp.reduce((a, b) => a * b, 1);
  const names = st.map((_, i) => (i === st.length - 1 ? 'Y' : `Y${i + 1}`));
  const nodes = st.map((s, i) => at(i, () => onnxNode(s, i === 0 ? 'X' : names[i - 1]!, names[i]!)));
  return { inputShape: [planes, 1, ...inSp], nodes, outputs: names, outShape: st[st.length - 1]!.outShape };
}

function pyAttr(v: number | number[] | string): string {
  if (typeof v === 'string') return `'${v}'`;
  return Array.isArray(v) ? pyList(v) : String(v);
}

/**
 * The chain as runnable code on x (arange(1, n + 1) of `inputShape`, or `input`): nn.Sequential,
 * Keras Sequential, or the ONNX graph run by onnx's reference evaluator; `y` is the last output.
 */
export function chainToCode(inputShape: readonly number[], layers: readonly ChainLayer[], framework: Framework, input: CodeInput = ARANGE): string {
  const label = framework === 'pytorch' ? 'PyTorch' : framework === 'keras' ? 'Keras' : 'ONNX';
  const st = steps(inputShape, layers, label);
  const d = st[0]!.d;
  const inSp = spatialOf(inputShape, d);
  const outShape = pyInts(st[st.length - 1]!.outShape, false);
  const dtype = inputDtype(input);
  if (framework === 'pytorch') {
    const modules = st.map((s, i) => at(i, () => pyTorchModule(s)));
    const lead = inputShape.length - d;
    const view = lead < 1 || lead > 2;
    return [
      'import torch',
      'from torch import nn',
      '',
      inputLine('torch', inputShape, input),
      'model = nn.Sequential(',
      ...modules.map((m) => `    ${m},`),
      ')',
      ...(view ? ['# nn pooling takes (N, C, *spatial) or (C, *spatial): run a (-1, 1, *spatial) view'] : []),
      `h = ${view ? `x.reshape(-1, 1, ${inSp.join(', ')})` : 'x'}`,
      'outs = []',
      'for layer in model:',
      '    h = layer(h)',
      '    outs.append(h)',
      `y = h.reshape(${outShape})`,
      'print(y)',
      '',
    ].join('\n');
  }
  if (framework === 'keras') {
    const ls = chainToKerasLayers(inputShape, layers).flatMap((spec) => kerasLine(spec, dtype));
    return [
      'import numpy as np',
      'import tensorflow as tf',
      '',
      inputLine('np', inputShape, input),
      '# Keras pools channels-last: (batch, *spatial, channels)',
      `xk = x.reshape(-1, ${inSp.join(', ')}, 1)`,
      'model = tf.keras.Sequential([',
      `    tf.keras.Input(shape=(${inSp.join(', ')}, 1), dtype='${dtype}'),`,
      ...ls.map((l) => `    ${l}`),
      '])',
      'y = model(xk).numpy()',
      `y = y.reshape(${outShape})`,
      'print(y)',
      '',
    ].join('\n');
  }
  const graph = chainToOnnxGraph(inputShape, layers);
  const elem = dtype === 'float32' ? 'FLOAT' : 'DOUBLE';
  const planes = graph.inputShape[0]!;
  const nodes = graph.nodes.map((n) => {
    const attrs = Object.entries(n.attributes).map(([k, v]) => `, ${k}=${pyAttr(v)}`);
    return `helper.make_node('${n.op}', inputs=['${n.input}'], outputs=['${n.output}'], name='${n.name}'${attrs.join('')})`;
  });
  return [
    'import numpy as np',
    'import onnx',
    'from onnx import TensorProto, helper',
    'from onnx.reference import ReferenceEvaluator',
    '',
    'nodes = [',
    ...nodes.map((n) => `    ${n},`),
    ']',
    `x_info = helper.make_tensor_value_info('X', TensorProto.${elem}, [${planes}, 1, ${inSp.join(', ')}])`,
    `outputs = [helper.make_tensor_value_info(name, TensorProto.${elem}, None) for name in [${graph.outputs.map((n) => `'${n}'`).join(', ')}]]`,
    "graph = helper.make_graph(nodes, 'pooling_chain', [x_info], outputs)",
    "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])",
    'onnx.checker.check_model(model)',
    '',
    inputLine('np', inputShape, input),
    '# ONNX pools (N, C, *spatial): all leading dims become N',
    `outs = ReferenceEvaluator(model).run(None, {'X': x.reshape(${planes}, 1, ${inSp.join(', ')})})`,
    `y = outs[-1].reshape(${outShape})`,
    'print(y)',
    '',
  ].join('\n');
}
