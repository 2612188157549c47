import { ReadError } from './errors';
import type { FormatId } from './formats';

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export function resolveMaxBytes(maxBytes: number | undefined): number {
  if (maxBytes === undefined) return DEFAULT_MAX_BYTES;
  if (!(maxBytes >= 0)) throw new RangeError(`maxBytes must be a non-negative number, got ${maxBytes}`);
  return maxBytes;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/**
 * A size and the limit it exceeds, both in the limit's unit (KB, MB, … of 1024 bytes), the size
 * with as many decimals as it takes to read larger than the limit: "256.001 MB" over "256 MB",
 * never "256.0 MB" over "256 MB". Down to bytes when no six decimals tell them apart.
 */
export function sizeOverLimit(size: number, limit: number): { size: string; limit: string } {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let u = 0;
  while (u < units.length - 1 && limit >= 1024 ** (u + 1)) u++;
  const scale = 1024 ** u;
  const limitValue = Number((limit / scale).toFixed(3));
  if (u > 0) {
    for (let decimals = 0; decimals <= 6; decimals++) {
      const shown = (size / scale).toFixed(decimals);
      if (Number(shown) > limitValue) return { size: `${shown} ${units[u]}`, limit: `${limitValue} ${units[u]}` };
    }
  }
  return { size: `${size} B`, limit: `${limit} B` };
}

/**
 * Refuses, before anything is allocated, an array whose decoded size exceeds the limit.
 * `what` describes the array for the message, e.g. "data.npy: shape (4096, 4096) float64".
 */
export function checkDecodedSize(format: FormatId, what: string, elements: number, bytesPerElement: number, maxBytes: number): void {
  const bytes = elements * bytesPerElement;
  if (bytes > maxBytes) {
    const shown = sizeOverLimit(bytes, maxBytes);
    throw ReadError.tooLarge(format, `${what} needs ${shown.size} in memory, over the ${shown.limit} limit`, bytes, maxBytes);
  }
}
