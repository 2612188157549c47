/**
 * Counts the copies an array's values go through on their way from a file to the panel, so
 * tests can hold loading to at most one copy per side (issue 14). Each bundle has its own
 * counts: the host's (read, decode, reorder, payload) and the webview's (webview). A large array
 * posted in chunks (src/chunks.ts) is one 'payload' copy on the host (each chunk copied into a
 * buffer of its own as it is posted: VS Code would post a view's whole buffer) and one 'webview'
 * copy (the worker copies each chunk into the array it preallocated), counted once each.
 */
export const COPY_SITES = ['read', 'decode', 'reorder', 'payload', 'webview'] as const;
export type CopySite = (typeof COPY_SITES)[number];

export interface CopyCounts {
  /** Copies per site since the last reset. */
  count: Record<CopySite, number>;
  /** Bytes written by those copies. */
  bytes: Record<CopySite, number>;
}

const zero = (): Record<CopySite, number> => ({ read: 0, decode: 0, reorder: 0, payload: 0, webview: 0 });
let counts: CopyCounts = { count: zero(), bytes: zero() };

/** Notes one copy (or conversion) of `bytes` bytes of array data at `site`. */
export function countCopy(site: CopySite, bytes: number): void {
  counts.count[site]++;
  counts.bytes[site] += bytes;
}

export function copyCounts(): CopyCounts {
  return { count: { ...counts.count }, bytes: { ...counts.bytes } };
}

/** Host-side copies in all (everything but the webview's). */
export function hostCopies(c: CopyCounts = counts): number {
  return c.count.read + c.count.decode + c.count.reorder + c.count.payload;
}

export function resetCopyCounts(): void {
  counts = { count: zero(), bytes: zero() };
}
