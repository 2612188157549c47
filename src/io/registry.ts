// Every file format the readers take, registered once: its extensions, the magic bytes it must
// start with, whether it is text, and its reader. `SUPPORTED_EXTENSIONS` (the extension's
// menus, file pickers and globs) and the choice of reader are derived from this table; a test
// checks package.json's menu `when` clauses against it. Adding a format: add its id to
// FORMAT_IDS (formats.ts) and its entry here; the compiler asks for the entry.
import { FORMAT_IDS, extensionOf, type FormatId } from './formats';
import { jpegSteps, readJpeg } from './jpeg';
import { readJson } from './jsonArray';
import { NPY_MAGIC, readNpy } from './npy';
import { readNpz } from './npz';
import { PNG_SIGNATURE, pngSteps, readPng } from './png';
import type { Steps } from './steps';
import { readTable } from './textTable';
import type { LoadedArray } from './types';

export interface FormatEntry {
  /** Lower case, with the dot. */
  extensions: readonly string[];
  /** What the file must start with, and how to name it in a message. */
  magic?: { sig: readonly number[]; what: string };
  /** Text formats refuse content that looks binary. */
  text?: true;
  read(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray[];
  /** The reader in pieces, for formats slow enough to block (steps.ts); `read` runs it at once. */
  steps?(bytes: Uint8Array, name: string, maxBytes: number): Steps<LoadedArray[]>;
}

export const FORMATS: Readonly<Record<FormatId, FormatEntry>> = {
  npy: { extensions: ['.npy'], magic: { sig: NPY_MAGIC, what: 'a NumPy .npy file (magic \\x93NUMPY)' }, read: (b, n, m) => [readNpy(b, n, m)] },
  npz: { extensions: ['.npz'], magic: { sig: [0x50, 0x4b], what: 'an .npz (zip) archive (magic PK)' }, read: readNpz },
  csv: { extensions: ['.csv'], text: true, read: (b, n, m) => [readTable(b, n, 'csv', m)] },
  tsv: { extensions: ['.tsv'], text: true, read: (b, n, m) => [readTable(b, n, 'tsv', m)] },
  json: { extensions: ['.json'], text: true, read: readJson },
  txt: { extensions: ['.txt'], text: true, read: (b, n, m) => [readTable(b, n, 'txt', m)] },
  png: {
    extensions: ['.png'],
    magic: { sig: PNG_SIGNATURE, what: 'a PNG image (signature \\x89PNG)' },
    read: (b, n, m) => [readPng(b, n, m)],
    *steps(b, n, m) {
      return [yield* pngSteps(b, n, m)];
    },
  },
  jpeg: {
    extensions: ['.jpg', '.jpeg'],
    magic: { sig: [0xff, 0xd8], what: 'a JPEG image (marker FF D8)' },
    read: (b, n, m) => [readJpeg(b, n, m)],
    *steps(b, n, m) {
      return [yield* jpegSteps(b, n, m)];
    },
  },
};

/** File extensions readArrays accepts, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = FORMAT_IDS.flatMap((id) => FORMATS[id].extensions);

export function formatOf(fileName: string): FormatId | undefined {
  const ext = extensionOf(fileName);
  return FORMAT_IDS.find((id) => FORMATS[id].extensions.includes(ext));
}
