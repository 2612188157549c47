/*
 * ONNX models written as protobuf bytes — one pooling node from the attributes Compare shows, or
 * a chain's graph description — so onnxruntime checks them without Python or the onnx package.
 * Field numbers from onnx/onnx.proto; wire type 0 = varint, 2 = length-delimited.
 */
import type { OnnxGraph, OnnxParams } from '../../src/core/index';

const ELEM = { float32: 1, float64: 11 } as const; // TensorProto.DataType FLOAT, DOUBLE
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

class Writer {
  private readonly bytes: number[] = [];

  varint(v: number): this {
    let x = v;
    while (x >= 0x80) {
      this.bytes.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    this.bytes.push(x);
    return this;
  }

  key(field: number, wire: 0 | 2): this {
    return this.varint(field * 8 + wire);
  }

  int(field: number, v: number): this {
    return this.key(field, 0).varint(v);
  }

  bytesField(field: number, data: Uint8Array): this {
    this.key(field, 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytesField(field, inner.done());
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function valueInfo(w: Writer, field: number, name: string, elem: number, shape: readonly number[] | null): void {
  w.message(field, (vi) => {
    vi.string(1, name);
    vi.message(2, (tp) =>
      tp.message(1, (tt) => {
        tt.int(1, elem);
        if (shape !== null)
          tt.message(2, (sh) => {
            for (const d of shape) sh.message(1, (dim) => dim.int(1, d));
          });
      }),
    );
  });
}

type Attr = number | readonly number[] | string;

function attribute(node: Writer, name: string, value: Attr): void {
  node.message(5, (a) => {
    a.string(1, name);
    if (typeof value === 'string') a.string(4, value).int(20, ATTR_STRING);
    else if (typeof value === 'number') a.int(3, value).int(20, ATTR_INT);
    else {
      for (const v of value) a.int(8, v);
      a.int(20, ATTR_INTS);
    }
  });
}

interface NodeSpec {
  op: string;
  name: string;
  input: string;
  output: string;
  attributes: Record<string, Attr | undefined>;
}

function model(nodes: readonly NodeSpec[], inputShape: readonly number[], outputs: readonly string[], dtype: 'float32' | 'float64'): Uint8Array {
  const w = new Writer();
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
