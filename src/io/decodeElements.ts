import { countCopy } from '../copies';
import type { NumericDtype } from './npyDtype';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

export interface DecodedElements {
  data: Float32Array | Float64Array;
  /** Some int64/uint64 value needed more than 53 bits and was rounded. */
  precisionLoss: boolean;
}

/**
 * Turns `count` packed elements of `dtype` starting at `bytes[start]` into numbers.
 * Reads through `bytes`' own byteOffset, never the whole underlying buffer. Aligned native
 * float32/float64 come back as views of `bytes` (no copy); everything else in one copy.
 */
export function decodeElements(bytes: Uint8Array, start: number, count: number, dtype: NumericDtype): DecodedElements {
  const { itemsize } = dtype;
  const byteLength = count * itemsize;
  const absolute = bytes.byteOffset + start;
  const native = itemsize === 1 || dtype.littleEndian === HOST_LITTLE_ENDIAN;

  const outBytes = count * (dtype.output === 'float32' ? 4 : 8);
  if (native && dtype.kind === 'float' && itemsize !== 2) {
    // The values are already what the panel needs: an aligned view of the file's bytes, no copy.
    const aligned = absolute % itemsize === 0;
    if (!aligned) countCopy('decode', byteLength);
    const src = aligned ? bytes.buffer : bytes.slice(start, start + byteLength).buffer; // realigned
    const offset = aligned ? absolute : 0;
    return { data: itemsize === 4 ? new Float32Array(src, offset, count) : new Float64Array(src, offset, count), precisionLoss: false };
  }
  if (native && (dtype.kind === 'int' || dtype.kind === 'uint') && itemsize !== 8 && absolute % itemsize === 0) {
    // Same byte order: a typed-array view converts at native speed, in one copy. Unaligned
    // bytes go through the DataView below instead (realigning first would be a second copy).
    const view = typedView(new Uint8Array(bytes.buffer, absolute, byteLength), dtype, count);
    countCopy('decode', outBytes);
    return { data: dtype.output === 'float32' ? new Float32Array(view) : new Float64Array(view), precisionLoss: false };
  }

  countCopy('decode', outBytes); // every path below converts into a new array, once
  const view = new DataView(bytes.buffer, absolute, byteLength);
  const le = dtype.littleEndian;
  if (dtype.kind === 'bool') {
    const out = dtype.output === 'float32' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getUint8(i) !== 0 ? 1 : 0;
    return { data: out, precisionLoss: false };
  }
  if (dtype.kind === 'float' && itemsize === 2) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, le));
    return { data: out, precisionLoss: false };
  }
  if (itemsize === 8) return decode64(view, count, dtype);

  const out = dtype.output === 'float32' ? new Float32Array(count) : new Float64Array(count);
  const get = getter(view, dtype);
  for (let i = 0; i < count; i++) out[i] = get(i * itemsize);
  return { data: out, precisionLoss: false };
}

function typedView(src: Uint8Array, dtype: NumericDtype, count: number): ArrayLike<number> & ArrayBufferView {
  const { buffer, byteOffset } = src;
  switch (`${dtype.kind}${dtype.itemsize}`) {
    case 'int1':
      return new Int8Array(buffer, byteOffset, count);
    case 'uint1':
      return new Uint8Array(buffer, byteOffset, count);
    case 'int2':
      return new Int16Array(buffer, byteOffset, count);
    case 'uint2':
      return new Uint16Array(buffer, byteOffset, count);
    case 'int4':
      return new Int32Array(buffer, byteOffset, count);
    case 'uint4':
      return new Uint32Array(buffer, byteOffset, count);
    default:
      throw new Error(`no typed view for ${dtype.name}`);
  }
}

function getter(view: DataView, dtype: NumericDtype): (offset: number) => number {
  const le = dtype.littleEndian;
  switch (`${dtype.kind}${dtype.itemsize}`) {
    case 'int1':
      return (o) => view.getInt8(o);
    case 'uint1':
      return (o) => view.getUint8(o);
    case 'int2':
      return (o) => view.getInt16(o, le);
    case 'uint2':
      return (o) => view.getUint16(o, le);
    case 'int4':
      return (o) => view.getInt32(o, le);
    case 'uint4':
      return (o) => view.getUint32(o, le);
    case 'float4':
      return (o) => view.getFloat32(o, le);
    default:
      throw new Error(`no getter for ${dtype.name}`);
  }
}

/**
 * 64-bit elements. Integers are combined from two 32-bit words: hi·2^32 is exact and the
 * single addition rounds once, so the result equals Number(BigInt(value)).
 */
function decode64(view: DataView, count: number, dtype: NumericDtype): DecodedElements {
  const out = new Float64Array(count);
  const le = dtype.littleEndian;
  if (dtype.kind === 'float') {
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, le);
    return { data: out, precisionLoss: false };
  }
  const signed = dtype.kind === 'int';
  const loOffset = le ? 0 : 4;
  const hiOffset = le ? 4 : 0;
  let precisionLoss = false;
  for (let i = 0; i < count; i++) {
    const o = i * 8;
    const lo = view.getUint32(o + loOffset, le);
    const hi = signed ? view.getInt32(o + hiOffset, le) : view.getUint32(o + hiOffset, le);
    const value = hi * TWO_32 + lo;
    out[i] = value;
    // Only values of magnitude ≥ 2^53 can be inexact; check those exactly with BigInt.
    if (!precisionLoss && (value >= TWO_53 || value <= -TWO_53)) {
      const exact = (BigInt(hi) << 32n) + BigInt(lo);
      if (BigInt(value) !== exact) precisionLoss = true;
    }
  }
  return { data: out, precisionLoss };
}

/** IEEE 754 binary16 → number (exact; every half is a float32). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
