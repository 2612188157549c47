import { countCopy } from '../../copies';
import type { LoadedArray } from '../../io';
import type { ArrayPayload } from '../../protocol';

const MAX_EXACT_INTEGER = 2 ** 53;
/** Most bytes a shared buffer may hold besides the array (an .npy header is at most 64 KiB). */
const MAX_SHARED_EXTRA = 64 * 1024;

/**
 * Posting a buffer sends all of it. Sharing is worth it when the buffer holds little besides
 * the array (a file's header, the extension host's message frame), not a whole archive around
 * one member. (Foreign data never gets here: load.ts's ownBytes copies a file out of a pool.)
 */
export function worthSharing(buffer: ArrayBufferLike, byteLength: number): boolean {
  return buffer instanceof ArrayBuffer && buffer.byteLength - byteLength <= MAX_SHARED_EXTRA;
}

/**
 * The array as it crosses to the webview: its own buffer with the offset of its values (a
 * float32 .npy read whole arrives with its header, not copied), or a copy of exactly its bytes
 * when the buffer holds much else (see worthSharing).
 */
export function toArrayPayload(loaded: LoadedArray): ArrayPayload {
  const data = loaded.array.data;
  const shared = worthSharing(data.buffer, data.byteLength);
  if (!shared) countCopy('payload', data.byteLength);
  const payload: ArrayPayload = {
    name: loaded.name,
    dtype: loaded.dtype,
    shape: [...loaded.array.shape],
    storage: data instanceof Float32Array ? 'float32' : 'float64',
    buffer: shared ? (data.buffer as ArrayBuffer) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer,
    byteOffset: shared ? data.byteOffset : 0,
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
