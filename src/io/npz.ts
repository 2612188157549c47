import { ReadError } from './errors';
import { formatBytes } from './limits';
import { checkNpySize, npyDataStart, readNpy, readNpyHeader } from './npy';
import type { LoadedArray } from './types';
import { openZipEntry, readZipDirectory, ZipError, type ZipEntry, type ZipMemberReader } from './zip';

/**
 * Reads every member of an .npz (np.savez / np.savez_compressed). A member that cannot be
 * read is listed with `error` set and the others still load; if none loads, this throws.
 * `maxBytes` is a budget shared by all members, so a bomb costs at most about `maxBytes` of work
 * however many members it has: before a member is inflated, its declared size and then the
 * array size its .npy header declares (read from the first inflated bytes) are checked against
 * what remains; each member then uses up what it inflated or decoded, whichever is larger,
 * even if it fails. Overlapping entries are refused by readZipDirectory.
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
    let reader: ZipMemberReader | undefined;
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
      const fail = (message: string): never => {
        throw new ReadError('npz', `${where}: ${message}`);
      };
      const zipped = <T>(f: () => T): T => {
        try {
          return f();
        } catch (e) {
          if (e instanceof ZipError) throw new ReadError('npz', `${where}: ${e.message} (at offset ${e.offset}).`);
          throw e;
        }
      };
      reader = zipped(() => openZipEntry(bytes, entry));
      const opened = reader;
      // The header first: its shape and dtype say what the array needs before the data is inflated.
      const dataStart = npyDataStart(
        zipped(() => opened.prefix(12)),
        fail,
      );
      checkNpySize(
        readNpyHeader(
          zipped(() => opened.prefix(dataStart)),
          fail,
        ),
        where,
        'npz',
        budget,
      );
      const data = zipped(() => opened.all());
      const loaded = readNpy(data, key, budget, where, 'npz');
      budget = Math.max(0, budget - Math.max(reader.inflated, loaded.array.data.byteLength));
      results.push(loaded);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      if (reader) budget = Math.max(0, budget - reader.inflated);
      results.push({ name: key, array: { shape: [0], data: new Float64Array(0) }, dtype: 'unknown', error: e });
    }
  }
  if (results.every((r) => r.error)) {
    throw ReadError.allMembersFailed('npz', results[0]!.error!, results.length);
  }
  return results;
}
