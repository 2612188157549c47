/**
 * A large array crosses from the host to the webview in chunks (issue 14): VS Code copies a
 * posted message several times on its way (the extension host's RPC buffer, the workbench's copy
 * out of it, the clone into the webview's frame), and each copy is as large as the message. In
 * chunks those copies stay chunk-sized and are freed as the chunks go, and the webview can draw
 * the rows that arrived before the last one has. Pure: the host plans and cuts, the webview's
 * worker assembles (`ChunkAssembler`).
 */

/**
 * Arrays of at least this many bytes are posted in chunks; smaller ones in one message. Measured
 * in the workbench bench's transport floors: at 256 MiB chunks halve VS Code's copies in transit
 * (≈ 3–4× the array instead of 6–7×) for +0.6–0.9 s; at 64 MiB they save no memory (the chunks'
 * copies are not freed during so short a transfer) and cost +0.2 s, so mid-sized arrays go whole.
 */
export const CHUNKED_FROM_BYTES = 128 * 1024 * 1024;
/** About this many bytes per chunk (whole rows where a row fits). */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Messages of a chunked load posted and not yet delivered, at most (the header counts). */
export const CHUNKS_IN_FLIGHT = 2;
/** More chunks than this is a malformed header (a 4 GiB array at 8 MiB is 512). */
export const MAX_CHUNKS = 65536;

export interface ChunkSpan {
  offset: number;
  length: number;
}

/**
 * Cuts `totalBytes` into spans of about `target` bytes: whole rows of `rowBytes` when a row is
 * smaller than the target (so a chunk ends where a row does), else `target` rounded down to
 * whole elements of `elementBytes`.
 */
export function planChunks(totalBytes: number, rowBytes: number, elementBytes: number, target = CHUNK_BYTES): ChunkSpan[] {
  const unit = rowBytes > 0 && rowBytes <= target ? rowBytes : elementBytes;
  const size = Math.max(unit, Math.floor(target / unit) * unit);
  const spans: ChunkSpan[] = [];
  for (let offset = 0; offset < totalBytes; offset += size) spans.push({ offset, length: Math.min(size, totalBytes - offset) });
  if (spans.length === 0) spans.push({ offset: 0, length: 0 });
  return spans;
}

/** A chunk that does not fit the load it claims to belong to: said to the user, never waited on. */
export class ChunkError extends Error {
  override name = 'ChunkError';
}

export interface ChunkHeader {
  loadId: number;
  totalBytes: number;
  chunkCount: number;
}

/**
 * Puts one load's chunks together in one preallocated buffer (the webview's one copy of the
 * array). Chunks must come in order, each starting where the last ended, the last one ending
 * at `totalBytes`: anything else (lost, short, oversized, out of order) throws a ChunkError.
 */
export class ChunkAssembler {
  readonly bytes: Uint8Array;
  private received = 0;
  private nextIndex = 0;

  constructor(readonly header: ChunkHeader) {
    this.bytes = new Uint8Array(header.totalBytes);
  }

  get receivedBytes(): number {
    return this.received;
  }

  get complete(): boolean {
    return this.nextIndex === this.header.chunkCount && this.received === this.header.totalBytes;
  }

  /** Copies chunk `index` (at byte `offset`) in; true when it was the last. */
  add(index: number, offset: number, chunk: Uint8Array): boolean {
    const { chunkCount, totalBytes } = this.header;
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    if (index !== this.nextIndex) {
      throw new ChunkError(
        index < this.nextIndex
          ? `part ${index + 1} of ${chunkCount} of the array arrived twice`
          : `part ${this.nextIndex + 1} of ${chunkCount} of the array was lost (part ${index + 1} came next)`,
      );
    }
    if (offset !== this.received) throw new ChunkError(`part ${index + 1} of the array starts at byte ${offset}, but ${this.received} bytes had arrived`);
    if (this.received + chunk.byteLength > totalBytes)
      throw new ChunkError(
        `part ${index + 1} of the array brings more data than the array holds (${mb(this.received + chunk.byteLength)} of ${mb(totalBytes)})`,
      );
    this.bytes.set(chunk, offset);
    this.received += chunk.byteLength;
    this.nextIndex++;
    const last = this.nextIndex === chunkCount;
    if (last && this.received !== totalBytes) throw new ChunkError(`the array arrived short: ${mb(this.received)} of ${mb(totalBytes)} in ${chunkCount} parts`);
    if (!last && this.received === totalBytes) throw new ChunkError(`the array was complete after part ${index + 1}, but ${chunkCount} parts were announced`);
    return last;
  }
}
