/*
 * ONNX models written as protobuf bytes — one pooling node from the attributes Compare shows, or
 * a chain's graph description — so onnxruntime checks them without Python or the onnx package
 * (the protobuf writer is scripts/onnxProto.ts, shared with the bench).
 */
import type { OnnxGraph, OnnxParams } from '../../src/core/index';
import { attribute, type OnnxAttr as Attr, ONNX_ELEM as ELEM, ProtoWriter, valueInfo } from '../../scripts/onnxProto';

interface NodeSpec {
  op: string;
  name: string;
  input: string;
  output: string;
  attributes: Record<string, Attr | undefined>;
}

function model(nodes: readonly NodeSpec[], inputShape: readonly number[], outputs: readonly string[], dtype: 'float32' | 'float64'): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 9); // ir_version 9 (opset 19)
  w.message(8, (o) => o.string(1, '').int(2, 19));
  w.message(7, (g) => {
    for (const n of nodes) {
      g.message(1, (node) => {
        node.string(1, n.input).string(2, n.output).string(3, n.name).string(4, n.op);
        for (const [k, v] of Object.entries(n.attributes)) if (v !== undefined) attribute(node, k, v);
      });
    }
    g.string(2, 'pool_graph');
    valueInfo(g, 11, 'X', ELEM[dtype], inputShape);
    for (const o of outputs) valueInfo(g, 12, o, ELEM[dtype], null);
  });
  return w.done();
}

/** The model of one pooling node with `params` on an (N, C, *spatial) input of `shape`. */
export function onnxPoolModel(params: OnnxParams, shape: readonly number[], dtype: 'float32' | 'float64'): Uint8Array {
  const op = params.mode === 'max' ? 'MaxPool' : params.mode === 'avg' ? 'AveragePool' : 'LpPool';
  const attributes: Record<string, Attr | undefined> = {
    kernel_shape: params.kernel_shape,
    strides: params.strides,
    ...(params.auto_pad !== undefined ? { auto_pad: params.auto_pad } : { pads: params.pads }),
    dilations: params.dilations,
    ceil_mode: params.ceil_mode,
    count_include_pad: params.count_include_pad,
    p: params.p,
  };
  return model([{ op, name: 'pool', input: 'X', output: 'Y', attributes }], shape, ['Y'], dtype);
}

/** The model of a chain's graph description (chainToOnnxGraph). */
export function onnxGraphModel(graph: OnnxGraph, dtype: 'float32' | 'float64'): Uint8Array {
  return model(graph.nodes, graph.inputShape, graph.outputs, dtype);
}
