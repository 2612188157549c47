import type { LoadedArray } from '../../io';
import type { ArrayPayload } from '../../protocol';

const MAX_EXACT_INTEGER = 2 ** 53;

/**
 * The array as it crosses to the webview: a copy of exactly the bytes of the typed array.
 * (Posting `data.buffer` would send the whole underlying buffer, which for a view into a
 * file's bytes can be far larger than the array or start elsewhere.)
 */
export function toArrayPayload(loaded: LoadedArray): ArrayPayload {
  const data = loaded.array.data;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const payload: ArrayPayload = {
    name: loaded.name,
    dtype: loaded.dtype,
    shape: [...loaded.array.shape],
    storage: data instanceof Float32Array ? 'float32' : 'float64',
    buffer: bytes.slice().buffer,
  };
  if (loaded.image) payload.image = { ...loaded.image };
  if (loaded.precisionLoss ?? hasPrecisionLoss(loaded)) payload.precisionLoss = true;
  return payload;
}

/** 64-bit integers beyond 2^53 are not exact as numbers; the UI says so. */
export function hasPrecisionLoss(loaded: LoadedArray): boolean {
  if (loaded.dtype !== 'int64' && loaded.dtype !== 'uint64') return false;
  const data = loaded.array.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER) return true;
  }
  return false;
}
