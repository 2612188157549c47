/*
 * A one-node ONNX model (MaxPool or AveragePool) written as protobuf bytes, so the bench needs
 * neither Python nor the onnx package (the writer is shared with the framework tests).
 */
import { attribute, ONNX_ELEM, ProtoWriter, valueInfo } from '../scripts/onnxProto.js';

export interface PoolNode {
  op: 'MaxPool' | 'AveragePool';
  /** NCHW / NCL input shape. */
  shape: readonly number[];
  kernel: readonly number[];
  strides: readonly number[];
  /** ONNX pads: all begins, then all ends. */
  pads: readonly number[];
  /** AveragePool only. */
  countIncludePad?: boolean;
}

/** Output spatial size, floor mode, dilation 1. */
export function onnxOutShape(n: PoolNode): number[] {
  const d = n.kernel.length;
  const lead = n.shape.slice(0, n.shape.length - d);
  const sp = n.shape.slice(n.shape.length - d).map((L, i) => Math.floor((L + n.pads[i]! + n.pads[i + d]! - n.kernel[i]!) / n.strides[i]!) + 1);
  return [...lead, ...sp];
}

export function poolModel(n: PoolNode): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 7); // ir_version
  w.message(8, (op) => op.string(1, '').int(2, 13)); // opset_import { domain "", version 13 }
  w.message(7, (g) => {
    g.message(1, (node) => {
      node.string(1, 'x');
      node.string(2, 'y');
      node.string(3, 'pool');
      node.string(4, n.op);
      attribute(node, 'kernel_shape', n.kernel);
      attribute(node, 'strides', n.strides);
      attribute(node, 'pads', n.pads);
      if (n.op === 'AveragePool') attribute(node, 'count_include_pad', n.countIncludePad === true ? 1 : 0);
    });
    g.string(2, 'pool_graph');
    valueInfo(g, 11, 'x', ONNX_ELEM.float32, n.shape);
    valueInfo(g, 12, 'y', ONNX_ELEM.float32, onnxOutShape(n));
  });
  return w.done();
}
