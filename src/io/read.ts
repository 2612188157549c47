import { ReadError } from './errors';
import { extensionOf } from './formats';
import { resolveMaxBytes } from './limits';
import { describeContent, startsWith } from './magic';
import { FORMATS, formatOf, SUPPORTED_EXTENSIONS } from './registry';
import type { LoadedArray, ReadOptions } from './types';

/**
 * Reads the arrays in a file. The format is chosen by the extension of `fileName` and
 * checked against the file's magic bytes. Synchronous for every format (the Promise in
 * the type leaves room for async decoders). Throws ReadError for anything unreadable;
 * a bad member of an .npz is returned with `error` set instead.
 */
export function readArrays(bytes: Uint8Array, fileName: string, options?: ReadOptions): LoadedArray[] | Promise<LoadedArray[]> {
  return readArraysSync(bytes, fileName, options);
}

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
  const entry = FORMATS[format];
  const magic = entry.magic;
  if (magic && !startsWith(bytes, magic.sig)) {
    if (bytes.length === 0) throw new ReadError(format, `${name}: the file is empty.`);
    if (bytes.length < magic.sig.length && magic.sig.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
      throw new ReadError(format, `${name}: truncated: only ${bytes.length} bytes.`);
    }
    const content = describeContent(bytes);
    throw new ReadError(format, `${name}: not ${magic.what}${content ? `: the content looks like ${content}` : ''}. Check the file or its extension.`);
  }
  if (entry.text) {
    const content = describeContent(bytes);
    if (content && content !== 'JSON or other text') {
      throw new ReadError(format, `${name}: not a text file: the content looks like ${content}. Check the file or its extension.`);
    }
  }
  return entry.read(bytes, name, maxBytes);
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
