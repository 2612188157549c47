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
 * Refuses, before anything is allocated, an array whose decoded size exceeds the limit.
 * `what` describes the array for the message, e.g. "data.npy: shape (4096, 4096) float64".
 */
export function checkDecodedSize(format: FormatId, what: string, elements: number, bytesPerElement: number, maxBytes: number): void {
  const bytes = elements * bytesPerElement;
  if (bytes > maxBytes) {
    throw new ReadError(
      format,
      `${what} needs ${formatBytes(bytes)} in memory, over the ${formatBytes(maxBytes)} limit (raise the size limit setting to open it).`,
    );
  }
}
