/** Reading a file for a panel: size limit, progress for large files, decoding, useful errors. */
import { ReadAbandoned, ReadError, readArrays, readErrorText, sizeOverLimit } from '../../io';
import type { LoadedArray } from '../../io';
import { countCopy } from '../../copies';
import { errorMessage } from '../logger';
import { noteLoadStage } from './loadTimes';

export interface FileSource {
  /** Size in bytes (from `workspace.fs.stat`). */
  size(): Promise<number>;
  read(): Promise<Uint8Array>;
}

export interface LoadOptions {
  maxFileSizeMB: number;
  /** Runs `task` under a progress notification; only called for files over `progressThresholdBytes`. */
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  progressThresholdBytes?: number;
  /** False once the result is not wanted (a closed panel, a newer read): decoding stops, ReadAbandoned. */
  keepGoing?: () => boolean;
}

/** A failure to open a file: `message` is for the user (names the file, says what is wrong); `cause` keeps the detail. */
export class FileLoadError extends Error {
  override name = 'FileLoadError';
  /**
   * What is wrong, without the "Could not load <file>: " the message starts with, for callers
   * that say which file in their own words; the whole message when there is no such prefix.
   */
  readonly reason: string;
  constructor(message: string, cause?: unknown, reason?: string) {
    super(message, cause === undefined ? undefined : { cause });
    this.reason = reason ?? message;
  }
}

export const MB = 1024 * 1024;
export const DEFAULT_PROGRESS_THRESHOLD = 5 * MB;
/**
 * The limit is the array's size: its file may be larger by a header (.npy's is at most 64 KB in
 * version 1) or an archive's directory, so a 256 MB array opens under a 256 MB limit. What the
 * array takes decoded, the readers check against the limit itself.
 */
export const FILE_OVERHEAD_ALLOWANCE = 64 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * MB) return `${(n / MB).toFixed(1)} MB`;
  return `${(n / 1024 / MB).toFixed(2)} GB`;
}

export function tooLargeMessage(fileName: string, size: number, maxBytes: number): string {
  const shown = sizeOverLimit(size, maxBytes);
  return `${fileName} is ${shown.size}, over the ${shown.limit} limit. Raise the setting poolingLens.maxFileSizeMB to open it.`;
}

export async function loadArrays(fileName: string, source: FileSource, options: LoadOptions): Promise<LoadedArray[]> {
  const maxMB = options.maxFileSizeMB > 0 && Number.isFinite(options.maxFileSizeMB) ? options.maxFileSizeMB : 256;
  const maxBytes = Math.floor(maxMB * MB);

  let size: number;
  try {
    size = await source.size();
  } catch (e) {
    throw new FileLoadError(`Could not open ${fileName}: ${errorMessage(e)}`, e);
  }
  if (POOLING_LENS_TEST_HOOKS) noteLoadStage('size');
  const maxFileBytes = maxBytes + FILE_OVERHEAD_ALLOWANCE;
  if (size > maxFileBytes) throw new FileLoadError(tooLargeMessage(fileName, size, maxBytes));

  const work = async (): Promise<LoadedArray[]> => {
    let bytes: Uint8Array;
    try {
      bytes = await source.read();
    } catch (e) {
      throw new FileLoadError(`Could not read ${fileName}: ${errorMessage(e)}`, e);
    }
    if (POOLING_LENS_TEST_HOOKS) noteLoadStage('bytes');
    // The file may have grown between stat and read.
    if (bytes.byteLength > maxFileBytes) throw new FileLoadError(tooLargeMessage(fileName, bytes.byteLength, maxBytes));
    bytes = ownBytes(bytes);
    if (options.keepGoing && !options.keepGoing()) throw new ReadAbandoned(fileName);
    let arrays: LoadedArray[];
    try {
      arrays = await readArrays(bytes, fileName, options.keepGoing ? { maxBytes, keepGoing: options.keepGoing } : { maxBytes });
    } catch (e) {
      if (e instanceof ReadAbandoned) throw e;
      const reason = withoutName(e instanceof ReadError ? readErrorForUser(e) : errorMessage(e), fileName);
      throw new FileLoadError(`Could not load ${fileName}: ${reason}`, e, reason);
    }
    if (arrays.length === 0) throw new FileLoadError(`${fileName} holds no arrays.`);
    return arrays;
  };

  const threshold = options.progressThresholdBytes ?? DEFAULT_PROGRESS_THRESHOLD;
  return size > threshold ? options.withProgress(`Pooling Lens: reading ${fileName} (${formatBytes(size)})`, work) : work();
}

export const MAX_SIZE_SETTING = 'poolingLens.maxFileSizeMB';

/** A reader's error in the extension's words: a size over the limit names the setting that raises it. */
export function readErrorForUser(e: ReadError): string {
  return readErrorText(e, `raise the setting ${MAX_SIZE_SETTING} to open it`);
}

/** Readers start their messages with the file name; ours already says it. */
function withoutName(message: string, fileName: string): string {
  return message.startsWith(`${fileName}: `) ? message.slice(fileName.length + 2) : message;
}

/** What a file's bytes may arrive with (the web extension host's message frame is a few bytes). */
const MAX_FRAME_BYTES = 4096;

/**
 * The desktop host may hand out a Node Buffer, whose `slice` is a view, not a copy; small files
 * come as views into a shared pool, and the web host's as views into the message that carried
 * them. Readers get a plain Uint8Array over the same bytes; only when the buffer holds much
 * besides the file (a pool) are the bytes copied, so no other data travels on to the webview.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  const extra = bytes.buffer.byteLength - bytes.byteLength;
  if (extra <= Math.min(MAX_FRAME_BYTES, bytes.byteLength / 16)) {
    return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  countCopy('read', bytes.byteLength);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
