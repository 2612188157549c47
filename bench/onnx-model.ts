/*
 * A one-node ONNX model (MaxPool or AveragePool) written as protobuf bytes, so the bench needs
 * neither Python nor the onnx package. Only the few ModelProto fields onnxruntime reads are
 * encoded (field numbers from onnx/onnx.proto): wire type 0 = varint, 2 = length-delimited.
 */

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

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2;
const ATTR_INTS = 7;

class Writer {
  private readonly bytes: number[] = [];

  varint(v: number): this {
    // Values here are small non-negative integers (< 2^53), so plain arithmetic suffices.
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

function valueInfo(w: Writer, field: number, name: string, shape: readonly number[]): void {
  w.message(field, (vi) => {
    vi.string(1, name); // ValueInfoProto.name
    vi.message(2, (tp) =>
      // TypeProto.tensor_type
      tp.message(1, (tt) => {
        tt.int(1, FLOAT); // elem_type
        tt.message(2, (sh) => {
          for (const d of shape) sh.message(1, (dim) => dim.int(1, d)); // dim { dim_value }
        });
      }),
    );
  });
}

function intsAttr(w: Writer, name: string, values: readonly number[]): void {
  w.message(5, (a) => {
    a.string(1, name);
    for (const v of values) a.int(8, v); // ints (unpacked, accepted by protobuf parsers)
    a.int(20, ATTR_INTS);
  });
}

function intAttr(w: Writer, name: string, value: number): void {
  w.message(5, (a) => {
    a.string(1, name);
    a.int(3, value);
    a.int(20, ATTR_INT);
  });
}

/** Output spatial size, floor mode, dilation 1. */
export function onnxOutShape(n: PoolNode): number[] {
  const d = n.kernel.length;
  const lead = n.shape.slice(0, n.shape.length - d);
  const sp = n.shape.slice(n.shape.length - d).map((L, i) => Math.floor((L + n.pads[i]! + n.pads[i + d]! - n.kernel[i]!) / n.strides[i]!) + 1);
  return [...lead, ...sp];
}

export function poolModel(n: PoolNode): Uint8Array {
  const w = new Writer();
  w.int(1, 7); // ir_version
  w.message(8, (op) => op.string(1, '').int(2, 13)); // opset_import { domain "", version 13 }
  w.message(7, (g) => {
    g.message(1, (node) => {
      node.string(1, 'x');
      node.string(2, 'y');
      node.string(3, 'pool');
      node.string(4, n.op);
      intsAttr(node, 'kernel_shape', n.kernel);
      intsAttr(node, 'strides', n.strides);
      intsAttr(node, 'pads', n.pads);
      if (n.op === 'AveragePool') intAttr(node, 'count_include_pad', n.countIncludePad === true ? 1 : 0);
    });
    g.string(2, 'pool_graph');
    valueInfo(g, 11, 'x', n.shape);
    valueInfo(g, 12, 'y', onnxOutShape(n));
  });
  return w.done();
}
