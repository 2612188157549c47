/*
 * The few ONNX protobuf fields onnxruntime reads, written by hand, so the bench and the framework
 * tests build one-node (or chain) models without Python or the onnx package. Field numbers from
 * onnx/onnx.proto; wire type 0 = varint, 2 = length-delimited.
 */

/** TensorProto.DataType of FLOAT and DOUBLE. */
export const ONNX_ELEM = { float32: 1, float64: 11 } as const;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export class ProtoWriter {
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

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.done());
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** A ValueInfoProto (name, tensor element type, shape or none) as graph field `field`. */
export function valueInfo(w: ProtoWriter, field: number, name: string, elem: number, shape: readonly number[] | null): void {
  w.message(field, (vi) => {
    vi.string(1, name);
    vi.message(2, (tp) =>
      // TypeProto.tensor_type { elem_type, shape { dim { dim_value } } }
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

export type OnnxAttr = number | readonly number[] | string;

/** An AttributeProto on a node: an int, ints (unpacked, which protobuf parsers accept) or a string. */
export function attribute(node: ProtoWriter, name: string, value: OnnxAttr): void {
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
