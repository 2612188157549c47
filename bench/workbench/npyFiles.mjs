// The benchmark's inputs: square float32 .npy files written to a temporary folder (never
// committed: the largest is 256 MiB), with values that vary smoothly so the grids show structure.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

/** A version-1 .npy header, padded (as NumPy does) so the data starts at a multiple of 64. */
export function npyHeader(shape, descr = '<f4') {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const text = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const header = Buffer.alloc(10 + text.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  header.writeUInt16LE(text.length, 8);
  header.write(text, 10, 'latin1');
  return header;
}

/** Writes `<folder>/bench-<n>.npy`, an n×n float32 array, row by row; returns its file name. */
export async function writeSquareNpy(folder, n) {
  const name = `bench-${n}.npy`;
  const out = createWriteStream(path.join(folder, name));
  out.write(npyHeader([n, n]));
  const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / (4 * n)));
  for (let r0 = 0; r0 < n; r0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, n - r0);
    const chunk = new Float32Array(rows * n);
    for (let r = 0; r < rows; r++) {
      const y = (r0 + r) / n;
      for (let c = 0; c < n; c++) chunk[r * n + c] = Math.sin(12 * y + 7 * (c / n)) + 0.25 * Math.cos(40 * y * (c / n));
    }
    if (!out.write(Buffer.from(chunk.buffer))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return name;
}
