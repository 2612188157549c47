/**
 * Readers, writers and the array-literal parser. Pure TS with no Node built-ins: it runs in
 * the web extension too (test/io/browser-bundle.test.ts checks that).
 *
 * Conventions of readArrays:
 * - One LoadedArray per array: one for .npy/.csv/.tsv/.txt/images, one per member of an
 *   .npz (named by its np.load key, e.g. 'x' for x.npy) or per key of a JSON object.
 * - Images are [C, H, W] with raw values: 0–255 (8-bit, palette, JPEG, and gray at 1/2/4 bits
 *   scaled up like libpng) or 0–65535 (16-bit); `dtype` 'uint8'/'uint16'. toGrayscale gives
 *   OpenCV's gray.
 * - readArrays returns a Promise that rejects with ReadError for unreadable input (it never
 *   throws); readArraysSync throws it. An unreadable .npz member is listed with `error`.
 * - The size limit (default 256 MB) applies to what would be allocated, checked before
 *   allocating, and bounds inflation: zip/PNG bombs stop at the declared size, an .npz
 *   member is checked against its declared size and its .npy header before its data is
 *   inflated, all members share one budget, and overlapping zip entries are refused.
 */
export type { ImageInfo, LoadedArray, ReadOptions } from './types';
export { ReadAbandoned, ReadError, type ReadProblem, readErrorText, SIZE_LIMIT_ACTION, WriteError } from './errors';
export { DEFAULT_MAX_BYTES, sizeOverLimit } from './limits';
export { SUPPORTED_EXTENSIONS } from './registry';
export { readArrays, readArraysSync } from './read';
export { parseArrayLiteral } from './literal';
export { writeNpy } from './writeNpy';
export { writeCsv } from './writeCsv';
export { writePng } from './writePng';
export { toGrayscale } from './grayscale';
