import { ReadError } from './errors';
import { extensionOf, formatOf, SUPPORTED_EXTENSIONS, type FormatId } from './formats';
import { readJpeg } from './jpeg';
import { readJson } from './json-array';
import { resolveMaxBytes } from './limits';
import { describeContent, startsWith } from './magic';
import { NPY_MAGIC, readNpy } from './npy';
import { readNpz } from './npz';
import { PNG_SIGNATURE, readPng } from './png';
import { readTable } from './text-table';
import type { LoadedArray, ReadOptions } from './types';

const EXPECTED_MAGIC: Partial<Record<FormatId, { sig: readonly number[]; what: string }>> = {
  npy: { sig: NPY_MAGIC, what: 'a NumPy .npy file (magic \\x93NUMPY)' },
  npz: { sig: [0x50, 0x4b], what: 'an .npz (zip) archive (magic PK)' },
  png: { sig: PNG_SIGNATURE, what: 'a PNG image (signature \\x89PNG)' },
  jpeg: { sig: [0xff, 0xd8], what: 'a JPEG image (marker FF D8)' },
};

/**
 * Reads the arrays in a file. The format is chosen by the extension of `fileName` and
 * checked against the file's magic bytes. Always returns a Promise: anything unreadable
 * rejects it with a ReadError (a bad member of an .npz is returned with `error` set instead),
 * it never throws. Async so that a decoder may be too; today every format decodes at once.
 */
export async function readArrays(bytes: Uint8Array, fileName: string, options?: ReadOptions): Promise<LoadedArray[]> {
  return readArraysSync(bytes, fileName, options);
}

/** readArrays for callers that cannot wait (tests, the fuzzer): returns the arrays or throws the ReadError. */
export function readArraysSync(bytes: Uint8Array, fileName: string, options?: ReadOptions): LoadedArray[] {
  const maxBytes = resolveMaxBytes(options?.maxBytes);
  const name = baseName(fileName);
  const format = formatOf(fileName);
  if (!format) {
    const ext = extensionOf(fileName);
    const content = describeContent(bytes);
    throw new ReadError(
      'unknown',
      `${name}: ${ext ? `'${ext}' files are` : 'a file without an extension is'} not supported${content ? ` (it looks like ${content})` : ''}; supported: ${SUPPORTED_EXTENSIONS.join(', ')}.`,
    );
  }
  const magic = EXPECTED_MAGIC[format];
  if (magic && !startsWith(bytes, magic.sig)) {
    if (bytes.length === 0) throw new ReadError(format, `${name}: the file is empty.`);
    if (bytes.length < magic.sig.length && magic.sig.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
      throw new ReadError(format, `${name}: truncated: only ${bytes.length} bytes.`);
    }
    const content = describeContent(bytes);
    throw new ReadError(
      format,
      `${name}: not ${magic.what}${content ? `: the content looks like ${content}` : ''}. Check the file or its extension.`,
    );
  }
  if (format === 'csv' || format === 'tsv' || format === 'txt' || format === 'json') {
    const content = describeContent(bytes);
    if (content && content !== 'JSON or other text') {
      throw new ReadError(format, `${name}: not a text file: the content looks like ${content}. Check the file or its extension.`);
    }
  }
  switch (format) {
    case 'npy':
      return [readNpy(bytes, name, maxBytes)];
    case 'npz':
      return readNpz(bytes, name, maxBytes);
    case 'csv':
    case 'tsv':
    case 'txt':
      return [readTable(bytes, name, format, maxBytes)];
    case 'json':
      return readJson(bytes, name, maxBytes);
    case 'png':
      return [readPng(bytes, name, maxBytes)];
    case 'jpeg':
      return [readJpeg(bytes, name, maxBytes)];
  }
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
