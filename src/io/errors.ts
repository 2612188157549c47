import type { FormatId } from './formats';

/**
 * What a caller may word its own way. The readers do not know what the size limit is called
 * where they run (the extension names its setting): they say what is too large, and
 * `readErrorText` adds what to do about it in the caller's words.
 */
export type ReadProblem =
  | {
      kind: 'tooLarge';
      /** Bytes needed (the file, the decoded array or the decoder's working memory). */
      size: number;
      /** The limit in bytes it exceeds. */
      limit: number;
      /** What is too large, ending with the limit, e.g. "p.png: 100000×100000 image needs 152588 MB in memory, over the 256 MB limit". */
      problem: string;
    }
  /** No member of an archive could be read: the first member's error stands for all. */
  | { kind: 'allMembersFailed'; first: ReadError; failed: number };

/** How the readers' own messages tell the user to raise the limit. */
export const SIZE_LIMIT_ACTION = 'raise the size limit setting to open it';

/**
 * A file could not be read. The message names the file and says what is wrong and where
 * (byte offset, row/column or JSON path), so the UI can show it as is; `problem`, when set,
 * carries the parts a caller may word differently (`readErrorText`).
 */
export class ReadError extends Error {
  /** The format being read, or 'unknown' for a file no reader takes. */
  readonly format: FormatId | 'unknown';
  readonly problem: ReadProblem | undefined;
  constructor(format: FormatId | 'unknown', message: string, options?: { cause?: unknown; problem?: ReadProblem }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReadError';
    this.format = format;
    this.problem = options?.problem;
  }

  /** Something needs more bytes than the limit allows. */
  static tooLarge(format: FormatId, problem: string, size: number, limit: number): ReadError {
    const p: ReadProblem = { kind: 'tooLarge', problem, size, limit };
    return new ReadError(format, problemText(p, SIZE_LIMIT_ACTION), { problem: p });
  }

  /** Every one of an archive's `failed` members failed; `first` is the first member's error. */
  static allMembersFailed(format: FormatId, first: ReadError, failed: number): ReadError {
    const p: ReadProblem = { kind: 'allMembersFailed', first, failed };
    return new ReadError(format, problemText(p, SIZE_LIMIT_ACTION), { cause: first, problem: p });
  }
}

/** The error's message, with `sizeAction` saying how to raise the size limit (e.g. naming a setting). */
export function readErrorText(e: ReadError, sizeAction: string): string {
  return e.problem ? problemText(e.problem, sizeAction) : e.message;
}

function problemText(p: ReadProblem, sizeAction: string): string {
  if (p.kind === 'tooLarge') return `${p.problem} (${sizeAction}).`;
  const more = p.failed > 1 ? ` (and ${p.failed - 1} more member${p.failed > 2 ? 's' : ''} failed)` : '';
  return `${readErrorText(p.first, sizeAction)}${more}`;
}

/** A read stopped because its caller no longer wanted it (ReadOptions.keepGoing said so). */
export class ReadAbandoned extends Error {
  constructor(fileName: string) {
    super(`${fileName}: reading stopped, its result is no longer wanted`);
    this.name = 'ReadAbandoned';
  }
}

/** An array cannot be written in the requested format (e.g. a 3-D array as CSV). */
export class WriteError extends Error {
  /** The format being written: 'npy', 'csv', 'png' (or 'grayscale' for toGrayscale). */
  readonly format: string;
  constructor(format: string, message: string) {
    super(message);
    this.name = 'WriteError';
    this.format = format;
  }
}
