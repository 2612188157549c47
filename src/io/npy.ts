import { countCopy } from '../copies';
import type { NDArray } from '../core/types';
import { decodeElements } from './decodeElements';
import { ReadError } from './errors';
import type { FormatId } from './formats';
import { checkDecodedSize, formatBytes } from './limits';
import { parseDescr, type NumericDtype } from './npyDtype';
import { isPyDict, parsePyLiteral, PyLiteralError, type PyValue } from './pythonLiteral';
import type { LoadedArray } from './types';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** NumPy allows at most 32 dimensions (64 since NumPy 2). */
const MAX_DIMS = 64;
const MAX_HEADER = 1 << 20;

export interface NpyHeader {
  dtype: NumericDtype;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the first data byte. */
  dataStart: number;
}

/**
 * Reads one .npy file. `where` prefixes messages ("a.npz › x.npy"); `format` is the
 * ReadError format ('npy', or 'npz' for members).
 */
export function readNpy(bytes: Uint8Array, name: string, maxBytes: number, where = name, format: FormatId = 'npy'): LoadedArray {
  const fail = (message: string): never => {
    throw new ReadError(format, `${where}: ${message}`);
  };
  const header = readNpyHeader(bytes, fail);
  const { dtype, shape, dataStart } = header;
  const count = checkNpySize(header, where, format, maxBytes);
  const shapeText = pyShape(shape);

  const expected = count * dtype.itemsize;
  const available = bytes.length - dataStart;
  if (available < expected) {
    fail(
      `truncated: the header declares shape ${shapeText} ${dtype.name} = ${expected < 1024 ? `${expected} bytes` : `${formatBytes(expected)} (${expected} bytes)`} of data after offset ${dataStart}, but only ${available} bytes follow.`,
    );
  }
  if (available > expected) {
    fail(
      `the header declares shape ${shapeText} ${dtype.name} = ${expected} bytes of data after offset ${dataStart}, but ${available} bytes follow (the header does not match the data).`,
    );
  }

  const decoded = decodeElements(bytes, dataStart, count, dtype);
  const data = header.fortranOrder && shape.length > 1 ? fortranToC(decoded.data, shape) : decoded.data;
  const array: NDArray = { shape, data };
  const loaded: LoadedArray = { name, array, dtype: dtype.name };
  // 64-bit integers: the decoder knows whether any value was rounded (2^60 is not), so the host
  // need not guess from magnitudes with a pass of its own over the values.
  if (decoded.precisionLoss || dtype.name === 'int64' || dtype.name === 'uint64') loaded.precisionLoss = decoded.precisionLoss;
  return loaded;
}

/**
 * Refuses, before the data is inflated or decoded, an array whose decoded size is over
 * `maxBytes`. Returns the element count.
 */
export function checkNpySize(header: NpyHeader, where: string, format: FormatId, maxBytes: number): number {
  const count = header.shape.reduce((a, b) => a * b, 1);
  checkDecodedSize(format, `${where}: shape ${pyShape(header.shape)} ${header.dtype.name}`, count, header.dtype.output === 'float32' ? 4 : 8, maxBytes);
  return count;
}

/** Where the header's dict ends and the data starts, from the first 12 bytes (magic, version, length). */
export function npyDataStart(bytes: Uint8Array, fail: (message: string) => never): number {
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (bytes[i] !== NPY_MAGIC[i]) {
      if (i >= bytes.length) fail(`truncated: only ${bytes.length} bytes, too short for a .npy header.`);
      fail(`not a .npy file: it does not start with the magic bytes \\x93NUMPY (byte ${i} is 0x${hex(bytes[i]!)}).`);
    }
  }
  if (bytes.length < 10) fail(`truncated: only ${bytes.length} bytes, too short for a .npy header.`);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    fail(`unsupported .npy format version ${major}.${minor} (bytes 6-7); versions 1.0, 2.0 and 3.0 are supported.`);
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (bytes.length < headerStart) fail(`truncated: only ${bytes.length} bytes, too short for a version ${major}.0 header.`);
  const headerLength = major === 1 ? bytes[8]! | (bytes[9]! << 8) : (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24)) >>> 0;
  if (headerLength > MAX_HEADER) fail(`header length ${headerLength} bytes (offset 8) is implausibly large.`);
  return headerStart + headerLength;
}

/** Magic, version and the header dict; `bytes` holds at least the header (see npyDataStart). */
export function readNpyHeader(bytes: Uint8Array, fail: (message: string) => never): NpyHeader {
  const dataStart = npyDataStart(bytes, fail);
  const major = bytes[6]!;
  const headerStart = major === 1 ? 10 : 12;
  const headerLength = dataStart - headerStart;
  if (dataStart > bytes.length) {
    fail(
      `truncated: the header is declared as ${headerLength} bytes (offset 8) but the file has only ${bytes.length - headerStart} bytes after offset ${headerStart}.`,
    );
  }
  const raw = bytes.subarray(headerStart, dataStart);
  // v1/v2 headers are latin-1 (ASCII in practice); v3 allows UTF-8 (field names).
  const text = major === 3 ? new TextDecoder('utf-8').decode(raw) : latin1(raw);

  let parsed: PyValue;
  try {
    parsed = parsePyLiteral(text);
  } catch (e) {
    if (e instanceof PyLiteralError) fail(`malformed header at offset ${headerStart + e.position}: ${e.message}.`);
    throw e;
  }
  if (!isPyDict(parsed))
    return fail(`malformed header at offset ${headerStart}: expected a dict like {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}.`);
  const entries = parsed.entries;
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!entries.has(key)) fail(`malformed header: the key '${key}' is missing.`);
  }
  for (const key of entries.keys()) {
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') fail(`malformed header: unexpected key '${key}'.`);
  }

  const descr = entries.get('descr')!;
  if (typeof descr !== 'string' && !Array.isArray(descr)) return fail(`malformed header: 'descr' must be a dtype string such as '<f4', got ${show(descr)}.`);
  if (typeof descr !== 'string') {
    const fields = Array.isArray(descr) ? structuredFields(descr) : [];
    const first = fields[0] ?? 'x';
    return fail(
      `the dtype is structured (${Array.isArray(descr) ? `fields ${fields.map((f) => `'${f}'`).join(', ')}` : 'not a plain type'}), which cannot be shown as numbers. Save one numeric field instead, e.g. np.save(path, a['${first}'].astype(np.float64)).`,
    );
  }
  const dt = parseDescr(descr);
  if (!dt.ok) {
    return fail(`the dtype ${dt.name} is not supported; only bool, integer and float arrays can be opened. Save a numeric copy instead, e.g. ${dt.advice}.`);
  }

  const fortran = entries.get('fortran_order');
  if (typeof fortran !== 'boolean') return fail(`malformed header: 'fortran_order' must be True or False, got ${show(fortran ?? null)}.`);

  const shapeValue = entries.get('shape');
  if (!Array.isArray(shapeValue)) return fail(`malformed header: 'shape' must be a tuple of integers, got ${show(shapeValue ?? null)}.`);
  if (shapeValue.length > MAX_DIMS) fail(`'shape' has ${shapeValue.length} dimensions; at most ${MAX_DIMS} are supported.`);
  const shape: number[] = [];
  for (const [i, d] of shapeValue.entries()) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(`malformed header: dimension ${i} of 'shape' ${show(shapeValue)} is ${show(d)}; dimensions must be non-negative integers.`);
    }
    shape.push(d as number);
  }
  return { dtype: dt.dtype, fortranOrder: fortran, shape, dataStart };
}

/** Reorders column-major (Fortran) data into row-major (C) order. */
export function fortranToC<T extends Float32Array | Float64Array>(src: T, shape: readonly number[]): T {
  const n = shape.length;
  countCopy('reorder', src.byteLength);
  const out = new (src.constructor as new (length: number) => T)(src.length);
  if (src.length === 0) return out;
  const fStride: number[] = new Array<number>(n);
  let s = 1;
  for (let k = 0; k < n; k++) {
    fStride[k] = s;
    s *= shape[k]!;
  }
  const index = new Array<number>(n).fill(0);
  const last = shape[n - 1]!;
  const lastStride = fStride[n - 1]!;
  let base = 0; // F offset of index[0..n-2] with index[n-1] = 0
  let o = 0;
  for (;;) {
    for (let j = 0, f = base; j < last; j++, f += lastStride) out[o++] = src[f]!;
    // Odometer over the leading n-1 dims, last of them fastest.
    let k = n - 2;
    for (; k >= 0; k--) {
      index[k]!++;
      base += fStride[k]!;
      if (index[k]! < shape[k]!) break;
      base -= fStride[k]! * shape[k]!;
      index[k] = 0;
    }
    if (k < 0) return out;
  }
}

export function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function structuredFields(descr: PyValue[]): string[] {
  return descr.map((f) => (Array.isArray(f) && typeof f[0] === 'string' ? f[0] : '?'));
}

function show(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `(${v.map(show).join(', ')})`;
  if (typeof v === 'number') return String(v);
  return '{...}';
}

function latin1(raw: Uint8Array): string {
  let s = '';
  for (let i = 0; i < raw.length; i++) s += String.fromCharCode(raw[i]!);
  return s;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
