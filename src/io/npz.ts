import { ReadError } from './errors';
import { formatBytes } from './limits';
import { readNpy } from './npy';
import type { LoadedArray } from './types';
import { extractZipEntry, readZipDirectory, ZipError, type ZipEntry } from './zip';

/**
 * Reads every member of an .npz (np.savez / np.savez_compressed). A member that cannot be
 * read is listed with `error` set and the others still load; if none loads, this throws.
 * `maxBytes` is a budget shared by all members: each member's declared size is checked
 * against what remains before it is inflated.
 */
export function readNpz(bytes: Uint8Array, fileName: string, maxBytes: number): LoadedArray[] {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch (e) {
    if (e instanceof ZipError) throw new ReadError('npz', `${fileName}: not a readable .npz (zip) archive: ${e.message} (at offset ${e.offset}).`);
    if (e instanceof RangeError)
      throw new ReadError('npz', `${fileName}: not a readable .npz (zip) archive: a record runs past the end of the file (truncated?).`);
    throw e;
  }
  const members = entries.filter((e) => !e.name.endsWith('/'));
  if (members.length === 0) throw new ReadError('npz', `${fileName}: the archive contains no arrays.`);

  let budget = maxBytes;
  const results: LoadedArray[] = [];
  for (const entry of members) {
    const key = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
    const where = `${fileName} › ${entry.name}`;
    try {
      if (!entry.name.endsWith('.npy')) {
        throw new ReadError('npz', `${where}: not a .npy member, so it holds no array.`);
      }
      if (entry.uncompressedSize > budget) {
        throw ReadError.tooLarge(
          'npz',
          `${where}: declared size ${formatBytes(entry.uncompressedSize)} is over the ${budget === maxBytes ? '' : 'remaining '}${formatBytes(budget)} limit`,
          entry.uncompressedSize,
          budget,
        );
      }
      let data: Uint8Array;
      try {
        data = extractZipEntry(bytes, entry);
      } catch (e) {
        if (e instanceof ZipError) throw new ReadError('npz', `${where}: ${e.message} (at offset ${e.offset}).`);
        throw e;
      }
      const loaded = readNpy(data, key, budget, where, 'npz');
      budget -= loaded.array.data.byteLength;
      results.push(loaded);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      results.push({ name: key, array: { shape: [0], data: new Float64Array(0) }, dtype: 'unknown', error: e });
    }
  }
  if (results.every((r) => r.error)) {
    throw ReadError.allMembersFailed('npz', results[0]!.error!, results.length);
  }
  return results;
}
