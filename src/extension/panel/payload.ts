import { CHUNKED_FROM_BYTES, planChunks, type ChunkSpan } from '../../chunks';
import { countCopy } from '../../copies';
import type { LoadedArray } from '../../io';
import type { ArrayHeader, ArrayPayload, ChunkedArray, ValueRange } from '../../protocol';
import { type SliceOptions, valueRangeInSlices } from '../../valueScan';

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
  return {
    ...arrayHeader(loaded),
    buffer: shared ? (data.buffer as ArrayBuffer) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer,
    byteOffset: shared ? data.byteOffset : 0,
  };
}

function arrayHeader(loaded: LoadedArray): ArrayHeader {
  const data = loaded.array.data;
  const header: ArrayHeader = {
    name: loaded.name,
    dtype: loaded.dtype,
    shape: [...loaded.array.shape],
    storage: data instanceof Float32Array ? 'float32' : 'float64',
  };
  if (loaded.image) header.image = { ...loaded.image };
  if (loaded.precisionLoss ?? hasPrecisionLoss(loaded)) header.precisionLoss = true;
  return header;
}

let chunkedFromBytes = CHUNKED_FROM_BYTES;

/**
 * For tests only (the `poolingLens.test.chunkedFrom` command, registered in ExtensionMode.Test,
 * and unit tests): posts arrays from `bytes` on in chunks, so a small file exercises the chunked
 * path; undefined restores CHUNKED_FROM_BYTES.
 */
export function setChunkedFromBytes(bytes: number | undefined): void {
  chunkedFromBytes = bytes ?? CHUNKED_FROM_BYTES;
}

/** True when `loaded` is posted in chunks (src/chunks.ts) rather than in one message. */
export function postsInChunks(loaded: LoadedArray): boolean {
  return loaded.array.data.byteLength >= chunkedFromBytes;
}

/** A large array as it crosses in chunks: the header, and the chunks' spans of its values' bytes. */
export interface ChunkedPayload {
  array: ChunkedArray;
  spans: ChunkSpan[];
  /** The bytes of one span in a buffer of their own (see toChunkedPayload). */
  chunk(span: ChunkSpan): Uint8Array;
  /**
   * The values' range: a pass over all of them, in slices with `options.pause` between them, so
   * the host keeps running while the chunks travel; undefined when `options.keepGoing` stopped it.
   */
  range(options: SliceOptions): Promise<ValueRange | null | undefined>;
}

/**
 * VS Code posts a typed array's whole underlying buffer (extHostWebview's serializer sends
 * `view.buffer` with the view's offset), so a chunk cannot be a view of the file's buffer: each
 * is copied into a buffer of its own just before it is posted. Together that is one copy of the
 * array (counted once), never more than two chunks alive at a time.
 */
export function toChunkedPayload(loaded: LoadedArray, loadId: number): ChunkedPayload {
  const data = loaded.array.data;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const shape = loaded.array.shape;
  const rowBytes = (shape[shape.length - 1] ?? 1) * data.BYTES_PER_ELEMENT;
  const spans = planChunks(data.byteLength, rowBytes, data.BYTES_PER_ELEMENT);
  countCopy('payload', data.byteLength);
  return {
    array: { ...arrayHeader(loaded), loadId, totalBytes: data.byteLength, chunkCount: spans.length },
    spans,
    chunk: (span) => bytes.slice(span.offset, span.offset + span.length),
    range: (options) => valueRangeInSlices(data, options),
  };
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
