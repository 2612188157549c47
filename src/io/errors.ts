import type { FormatId } from './formats';

/**
 * A file could not be read. The message names the file and says what is wrong and where
 * (byte offset, row/column or JSON path), so the UI can show it as is.
 */
export class ReadError extends Error {
  /** The format being read, or 'unknown' for a file no reader takes. */
  readonly format: FormatId | 'unknown';
  constructor(format: FormatId | 'unknown', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadError';
    this.format = format;
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
