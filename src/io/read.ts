import { ReadAbandoned, ReadError } from './errors';
import { extensionOf } from './formats';
import { resolveMaxBytes } from './limits';
import { describeContent, startsWith } from './magic';
import { FORMATS, type FormatEntry, formatOf, SUPPORTED_EXTENSIONS } from './registry';
import { runSteps } from './steps';
import type { LoadedArray, ReadOptions } from './types';

/**
 * Reads the arrays in a file. The format is chosen by the extension of `fileName` and
 * checked against the file's magic bytes. Always returns a Promise: anything unreadable
 * rejects it with a ReadError (a bad member of an .npz is returned with `error` set instead),
 * a read `options.keepGoing` stopped with ReadAbandoned; it never throws. Async so that slow
 * decoders (images) let other work run as they go.
 */
export async function readArrays(bytes: Uint8Array, fileName: string, options?: ReadOptions): Promise<LoadedArray[]> {
  const { entry, name, maxBytes } = checkedFormat(bytes, fileName, options);
  if (!entry.steps) return entry.read(bytes, name, maxBytes);
  // Slow decoders (images) let other work run every ~20 ms of decoding, and stop when not wanted.
  const keepGoing = options?.keepGoing;
  const arrays = await runSteps(entry.steps(bytes, name, maxBytes), undefined, undefined, keepGoing);
  if (arrays === undefined) throw new ReadAbandoned(name);
  return arrays;
}

/** readArrays for callers that cannot wait (tests, the fuzzer): returns the arrays or throws the ReadError. */
export function readArraysSync(bytes: Uint8Array, fileName: string, options?: ReadOptions): LoadedArray[] {
  const { entry, name, maxBytes } = checkedFormat(bytes, fileName, options);
  return entry.read(bytes, name, maxBytes);
}

/** The format's entry for a file whose name and first bytes agree; a ReadError for the user otherwise. */
function checkedFormat(bytes: Uint8Array, fileName: string, options: ReadOptions | undefined): { entry: FormatEntry; name: string; maxBytes: number } {
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
  return { entry, name, maxBytes };
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
