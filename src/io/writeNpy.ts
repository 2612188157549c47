import type { NDArray } from '../core/types';
import { WriteError } from './errors';
import { pyShape } from './npy';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes an array as a .npy file (format 1.0): '<f4' for
 * Float32Array data, '<f8' for Float64Array, C order. np.load reads it back exactly.
 */
export function writeNpy(array: NDArray): Uint8Array {
  const { shape, data } = array;
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length > 64) throw new WriteError('npy', `${shape.length} dimensions; NumPy supports at most 64 (32 before NumPy 2).`);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new WriteError('npy', `invalid shape [${shape.join(', ')}].`);
  if (count !== data.length) throw new WriteError('npy', `shape [${shape.join(', ')}] needs ${count} values but the data has ${data.length}.`);
  const float32 = data instanceof Float32Array;
  const itemsize = float32 ? 4 : 8;
  const dict = `{'descr': '<f${itemsize}', 'fortran_order': False, 'shape': ${pyShape(shape)}, }`;

  // Magic, version, length, dict, spaces and '\n', padded to a multiple of 64 as NumPy does.
  // With at most 64 dimensions the header always fits version 1.0's 16-bit length.
  const prefix = 10;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const out = new Uint8Array(total + count * itemsize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, total - prefix, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out.fill(0x20, prefix + dict.length, total - 1);
  out[total - 1] = 0x0a;

  if (HOST_LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, count * itemsize), total);
  } else {
    for (let i = 0; i < count; i++) {
      if (float32) view.setFloat32(total + i * 4, data[i]!, true);
      else view.setFloat64(total + i * 8, data[i]!, true);
    }
  }
  return out;
}
