/**
 * Format-aware mutations of the binary formats: they keep checksums right where a format has
 * them (PNG chunk CRCs, zip member CRCs), so the damage reaches the decoder instead of stopping
 * at the first integrity check, and they multiply the numbers headers declare (sizes, lengths,
 * offsets). Each returns undefined when the input is too damaged to apply it; the caller then
 * falls back to a format-blind mutation.
 */
import { deflateSync, inflateSync, unzlibSync, zlibSync } from 'fflate';
import { crc32 } from '../../src/io/crc32';
import { buildZip } from '../io/zip-builder';
import type { ZipMember } from '../io/zip-builder';
import { BYTE_MUTATORS, concat, FACTORS, INTERESTING_32 } from './bytes';
import type { Rng } from './rng';

type Mutator = (b: Uint8Array, rng: Rng) => Uint8Array | undefined;

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** A declared number changed the way hostile files change them. */
export function scaled(v: number, rng: Rng, max = 0xffffffff): number {
  const r = rng.int(4);
  let out: number;
  if (r === 0) out = v * rng.pick(FACTORS);
  else if (r === 1) out = rng.pick(INTERESTING_32);
  else if (r === 2) out = v + rng.range(-3, 3);
  else out = Math.floor(v / rng.range(2, 16));
  return Math.max(0, Math.min(max, out)) >>> 0;
}

function havoc(b: Uint8Array, rng: Rng): Uint8Array {
  return rng.pick(BYTE_MUTATORS)[1](b, rng);
}

// ---------------- PNG ----------------

interface Chunk {
  offset: number;
  length: number;
  type: string;
}

function pngChunks(b: Uint8Array): Chunk[] {
  const chunks: Chunk[] = [];
  const v = view(b);
  for (let o = 8; o + 12 <= b.length; ) {
    const length = v.getUint32(o);
    const type = String.fromCharCode(...b.subarray(o + 4, o + 8));
    if (o + 12 + length > b.length) break;
    chunks.push({ offset: o, length, type });
    o += 12 + length;
  }
  return chunks;
}

export function fixPngCrcs(b: Uint8Array): Uint8Array {
  const out = b.slice();
  const v = view(out);
  for (const c of pngChunks(out)) {
    v.setUint32(c.offset + 8 + c.length, crc32(out.subarray(c.offset + 4, c.offset + 8 + c.length)));
  }
  return out;
}

const pngIhdrField: Mutator = (b, rng) => {
  const ihdr = pngChunks(b).find((c) => c.type === 'IHDR' && c.length === 13);
  if (!ihdr) return undefined;
  const out = b.slice();
  const v = view(out);
  const d = ihdr.offset + 8;
  const which = rng.int(4);
  if (which < 2) v.setUint32(d + 4 * which, scaled(v.getUint32(d + 4 * which), rng));
  else if (which === 2) out[d + 8 + rng.int(5)] = rng.chance(0.5) ? rng.pick([0, 1, 2, 3, 4, 6, 8, 16, 255]) : rng.int(256);
  else v.setUint32(d + 4 * rng.int(2), rng.pick([1, 2, 3, 7, 8, 9, 255, 4096, 65535, 0x7fffffff]));
  return fixPngCrcs(out);
};

const pngChunkLength: Mutator = (b, rng) => {
  const chunks = pngChunks(b);
  if (chunks.length === 0) return undefined;
  const c = rng.pick(chunks);
  const out = b.slice();
  view(out).setUint32(c.offset, scaled(c.length, rng));
  return out;
};

const pngChunkDupRemove: Mutator = (b, rng) => {
  const chunks = pngChunks(b);
  if (chunks.length === 0) return undefined;
  const c = rng.pick(chunks);
  const bytes = b.subarray(c.offset, c.offset + 12 + c.length);
  const at = rng.pick(chunks).offset;
  if (rng.chance(0.5)) return concat(b.subarray(0, at), bytes, b.subarray(at));
  return concat(b.subarray(0, c.offset), b.subarray(c.offset + 12 + c.length));
};

/** Damages the inflated scanlines (filter bytes, samples, length) and re-compresses them validly. */
const pngImageData: Mutator = (b, rng) => {
  const chunks = pngChunks(b);
  const idat = chunks.filter((c) => c.type === 'IDAT');
  if (idat.length === 0) return undefined;
  let raw: Uint8Array;
  try {
    raw = unzlibSync(concat(...idat.map((c) => b.subarray(c.offset + 8, c.offset + 8 + c.length))));
  } catch {
    return undefined;
  }
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.4) && raw.length > 0) {
      raw = raw.slice();
      raw[rng.int(raw.length)] = rng.range(0, 6); // a filter byte, or a sample
    } else {
      raw = havoc(raw, rng);
    }
  }
  const z = zlibSync(raw);
  const chunk = new Uint8Array(12 + z.length);
  view(chunk).setUint32(0, z.length);
  chunk.set([0x49, 0x44, 0x41, 0x54], 4);
  chunk.set(z, 8);
  const first = idat[0]!;
  const last = idat[idat.length - 1]!;
  return fixPngCrcs(concat(b.subarray(0, first.offset), chunk, b.subarray(last.offset + 12 + last.length)));
};

/** Any byte mutation, then every CRC made right again. */
const pngHavocFixed: Mutator = (b, rng) => (b.length > 8 ? fixPngCrcs(havoc(b, rng)) : undefined);

export const PNG_MUTATORS: readonly [string, Mutator][] = [
  ['png-ihdr', pngIhdrField],
  ['png-chunk-length', pngChunkLength],
  ['png-chunk-dup/remove', pngChunkDupRemove],
  ['png-image-data', pngImageData],
  ['png-havoc+crc', pngHavocFixed],
];

// ---------------- JPEG ----------------

interface Segment {
  offset: number;
  marker: number;
  /** Offset just past the segment (for SOS: past its header only). */
  end: number;
}

function jpegSegments(b: Uint8Array): Segment[] {
  const segs: Segment[] = [];
  for (let o = 2; o + 4 <= b.length; ) {
    if (b[o] !== 0xff) break;
    const marker = b[o + 1]!;
    if (marker === 0xd9 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2;
      continue;
    }
    const length = (b[o + 2]! << 8) | b[o + 3]!;
    const end = o + 2 + length;
    if (length < 2 || end > b.length) break;
    segs.push({ offset: o, marker, end });
    if (marker === 0xda) break; // entropy-coded data follows
    o = end;
  }
  return segs;
}

const jpegFrameField: Mutator = (b, rng) => {
  const sof = jpegSegments(b).find((s) => s.marker >= 0xc0 && s.marker <= 0xc2);
  if (!sof) return undefined;
  const out = b.slice();
  const v = view(out);
  const body = sof.offset + 4;
  const which = rng.int(4);
  if (which < 2) v.setUint16(body + 1 + 2 * which, scaled(v.getUint16(body + 1 + 2 * which), rng, 0xffff));
  else if (which === 2)
    out[body + 5] = rng.pick([0, 1, 2, 3, 4, 5, 255]); // component count
  else if (body + 7 < sof.end) out[body + 7 + 3 * rng.int(3)] = rng.pick([0x00, 0x11, 0x12, 0x21, 0x22, 0x44, 0x41, 0x14, 0xff]); // sampling
  return out;
};

const jpegSegmentLength: Mutator = (b, rng) => {
  const segs = jpegSegments(b);
  if (segs.length === 0) return undefined;
  const s = rng.pick(segs);
  const out = b.slice();
  view(out).setUint16(s.offset + 2, scaled(s.end - s.offset - 2, rng, 0xffff));
  return out;
};

const jpegSegmentDupRemove: Mutator = (b, rng) => {
  const segs = jpegSegments(b);
  if (segs.length === 0) return undefined;
  const s = rng.pick(segs);
  const bytes = b.subarray(s.offset, s.end);
  const at = rng.pick(segs).offset;
  if (rng.chance(0.5)) return concat(b.subarray(0, at), bytes, b.subarray(at));
  return concat(b.subarray(0, s.offset), b.subarray(s.end));
};

/** Damage inside one table or header segment (Huffman/quantisation tables, scan header). */
const jpegSegmentBody: Mutator = (b, rng) => {
  const segs = jpegSegments(b);
  if (segs.length === 0) return undefined;
  const s = rng.pick(segs);
  if (s.end - s.offset <= 4) return undefined;
  const out = b.slice();
  out[s.offset + 4 + rng.int(s.end - s.offset - 4)] = rng.int(256);
  return out;
};

export const JPEG_MUTATORS: readonly [string, Mutator][] = [
  ['jpeg-frame', jpegFrameField],
  ['jpeg-segment-length', jpegSegmentLength],
  ['jpeg-segment-dup/remove', jpegSegmentDupRemove],
  ['jpeg-segment-body', jpegSegmentBody],
];

// ---------------- NPY ----------------

function npyHeader(b: Uint8Array): { start: number; end: number; lengthBytes: number } | undefined {
  if (b.length < 10 || b[0] !== 0x93) return undefined;
  const lengthBytes = b[6] === 1 ? 2 : 4;
  const start = 8 + lengthBytes;
  const v = view(b);
  if (b.length < start) return undefined;
  const len = lengthBytes === 2 ? v.getUint16(8, true) : v.getUint32(8, true);
  const end = start + len;
  return end <= b.length ? { start, end, lengthBytes } : undefined;
}

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Rewrites the header text and its length field (kept consistent, or not). */
function withHeader(b: Uint8Array, h: { start: number; end: number; lengthBytes: number }, text: string, rng: Rng): Uint8Array {
  const header = ascii(text);
  const out = concat(b.subarray(0, h.start), header, b.subarray(h.end));
  const v = view(out);
  const len = rng.chance(0.9) ? header.length : scaled(header.length, rng);
  if (h.lengthBytes === 2) v.setUint16(8, len & 0xffff, true);
  else v.setUint32(8, len >>> 0, true);
  return out;
}

const NUMBER_TEXT = ['0', '1', '-1', '2', '1000', '65536', '4294967296', '9007199254740993', '1e3', '2.5', '99999999999999999999', '-0', '0x10'];

const npyHeaderNumber: Mutator = (b, rng) => {
  const h = npyHeader(b);
  if (!h) return undefined;
  const text = latin1(b.subarray(h.start, h.end));
  const numbers = [...text.matchAll(/\d+/g)];
  if (numbers.length === 0) return undefined;
  const m = rng.pick(numbers);
  const value = Number(m[0]);
  const replacement = rng.chance(0.6) ? String(value * rng.pick(FACTORS)) : rng.pick(NUMBER_TEXT);
  return withHeader(b, h, text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length), rng);
};

const DESCRS = [
  "'<f4'",
  "'>f8'",
  "'|b1'",
  "'<i8'",
  "'>u8'",
  "'<u2'",
  "'<f2'",
  "'|u1'",
  "'<c8'",
  "'|O'",
  "'<U3'",
  "'<f16'",
  "'|V4'",
  "'<M8[s]'",
  "'x'",
  "''",
  "[('a', '<f4')]",
  '3',
  'None',
];
const SHAPES = [
  '()',
  '(0,)',
  '(1,)',
  '(3, 0, 2)',
  '(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)',
  '(-1,)',
  '(1.5,)',
  "('a',)",
  '(65536, 65536)',
  '(4294967296, 4294967296)',
  '[2, 2]',
  '(' + '1, '.repeat(70) + ')',
];

const npyHeaderField: Mutator = (b, rng) => {
  const h = npyHeader(b);
  if (!h) return undefined;
  let text = latin1(b.subarray(h.start, h.end));
  const r = rng.int(5);
  if (r === 0) text = text.replace(/'descr':\s*('[^']*'|\[[^\]]*\])/, `'descr': ${rng.pick(DESCRS)}`);
  else if (r === 1) text = text.replace(/'fortran_order':\s*\w+/, `'fortran_order': ${rng.pick(['True', 'False', '1', 'None', "'yes'"])}`);
  else if (r === 2) text = text.replace(/'shape':\s*\([^)]*\)/, `'shape': ${rng.pick(SHAPES)}`);
  else if (r === 3) text = text.replace(/[{}(),:']/, rng.pick(['', '{', '}', '(', ')', ',', ':', "'", '"', '\\']));
  else text = text.replace('}', rng.pick([", 'extra': 1}", ", 'shape': (1,)}", '}}', '', ' ' + '('.repeat(40) + '}']));
  return withHeader(b, h, text, rng);
};

const npyLengthField: Mutator = (b, rng) => {
  if (b.length < 12 || b[0] !== 0x93) return undefined;
  const out = b.slice();
  const v = view(out);
  if (rng.chance(0.3)) out[6] = rng.pick([0, 1, 2, 3, 4, 255]);
  if (out[6] === 1) v.setUint16(8, scaled(v.getUint16(8, true), rng, 0xffff), true);
  else v.setUint32(8, scaled(v.getUint32(8, true), rng), true);
  return out;
};

/** Data appended or cut, so the declared shape and the bytes disagree. */
const npyDataLength: Mutator = (b, rng) => {
  const h = npyHeader(b);
  if (!h) return undefined;
  return rng.chance(0.5) ? b.slice(0, h.end + rng.int(b.length - h.end + 1)) : concat(b, new Uint8Array(rng.smallish(4096)));
};

/** Damage confined to the data after the header: every bit pattern a dtype can hold (NaN payloads, -0, extremes). */
const npyDataBytes: Mutator = (b, rng) => {
  const h = npyHeader(b);
  if (!h || h.end >= b.length) return undefined;
  const out = b.slice();
  const n = rng.range(1, 16);
  for (let i = 0; i < n; i++) out[h.end + rng.int(b.length - h.end)] = rng.chance(0.5) ? rng.pick([0x00, 0xff, 0x7f, 0x80, 0x7c, 0xfc]) : rng.int(256);
  return out;
};

const NUMERIC_DESCRS = ['<f2', '>f2', '<f4', '>f4', '<f8', '>f8', '|b1', '|i1', '|u1', '<i2', '>u2', '<i4', '>u4', '<i8', '>i8', '<u8', '>u8', '=f4'];

/** A new, self-consistent .npy: random numeric dtype, order, shape (often with 0s and 1s) and data. */
const npyRebuild: Mutator = (_b, rng) => {
  const descr = rng.pick(NUMERIC_DESCRS);
  const itemsize = Number(descr.slice(2));
  const ndim = rng.int(6);
  const shape = Array.from({ length: ndim }, () => rng.pick([0, 1, 1, 2, 3, 4, 5, 7]));
  const count = shape.reduce((a, c) => a * c, 1);
  const shapeText = ndim === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const major = rng.pick([1, 1, 2, 3]);
  let text = `{'descr': '${descr}', 'fortran_order': ${rng.chance(0.3) ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = 8 + (major === 1 ? 2 : 4);
  text += ' '.repeat((64 - ((prefix + text.length + 1) % 64)) % 64) + '\n';
  const header = ascii(text);
  const out = new Uint8Array(prefix + header.length + count * itemsize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const v = view(out);
  if (major === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  out.set(header, prefix);
  for (let i = prefix + header.length; i < out.length; i++) out[i] = rng.int(256);
  return out;
};

export const NPY_MUTATORS: readonly [string, Mutator][] = [
  ['npy-data-bytes', npyDataBytes],
  ['npy-rebuild', npyRebuild],
  ['npy-header-number', npyHeaderNumber],
  ['npy-header-field', npyHeaderField],
  ['npy-length-field', npyLengthField],
  ['npy-data-length', npyDataLength],
];

// ---------------- NPZ (zip) ----------------

interface ZipLayout {
  eocd: number;
  central: number[];
  local: number[];
}

function zipLayout(b: Uint8Array): ZipLayout | undefined {
  if (b.length < 22) return undefined;
  const v = view(b);
  let eocd = -1;
  for (let o = b.length - 22; o >= Math.max(0, b.length - 22 - 65535); o--) {
    if (v.getUint32(o, true) === 0x06054b50) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = v.getUint16(eocd + 10, true);
  const central: number[] = [];
  const local: number[] = [];
  let o = v.getUint32(eocd + 16, true);
  for (let i = 0; i < count && o + 46 <= b.length && v.getUint32(o, true) === 0x02014b50; i++) {
    central.push(o);
    const lo = v.getUint32(o + 42, true);
    if (lo + 30 <= b.length) local.push(lo);
    o += 46 + v.getUint16(o + 28, true) + v.getUint16(o + 30, true) + v.getUint16(o + 32, true);
  }
  return { eocd, central, local };
}

/** Sizes, offsets, counts and name lengths of the directory and headers. */
const zipField: Mutator = (b, rng) => {
  const z = zipLayout(b);
  if (!z) return undefined;
  const out = b.slice();
  const v = view(out);
  const fields: [number, 2 | 4][] = [
    [z.eocd + 8, 2],
    [z.eocd + 10, 2],
    [z.eocd + 12, 4],
    [z.eocd + 16, 4],
    ...z.central.flatMap((c): [number, 2 | 4][] => [
      [c + 10, 2],
      [c + 20, 4],
      [c + 24, 4],
      [c + 28, 2],
      [c + 30, 2],
      [c + 42, 4],
    ]),
    ...z.local.flatMap((l): [number, 2 | 4][] => [
      [l + 18, 4],
      [l + 22, 4],
      [l + 26, 2],
      [l + 28, 2],
    ]),
  ];
  const [at, width] = rng.pick(fields);
  if (at + width > out.length) return undefined;
  if (width === 2) v.setUint16(at, scaled(v.getUint16(at, true), rng, 0xffff), true);
  else v.setUint32(at, scaled(v.getUint32(at, true), rng), true);
  return out;
};

function zipMembers(b: Uint8Array): ZipMember[] | undefined {
  const z = zipLayout(b);
  if (!z) return undefined;
  const v = view(b);
  const members: ZipMember[] = [];
  try {
    for (const c of z.central) {
      const nameLength = v.getUint16(c + 28, true);
      const name = new TextDecoder().decode(b.subarray(c + 46, c + 46 + nameLength));
      const method = v.getUint16(c + 10, true);
      const size = v.getUint32(c + 20, true);
      const lo = v.getUint32(c + 42, true);
      const start = lo + 30 + v.getUint16(lo + 26, true) + v.getUint16(lo + 28, true);
      if (start + size > b.length) return undefined;
      const raw = b.subarray(start, start + size);
      members.push({ name, data: method === 8 ? inflateSync(raw) : raw.slice(), method: method === 8 ? 8 : 0 });
    }
  } catch {
    return undefined;
  }
  return members.length > 0 ? members : undefined;
}

/** One member's .npy damaged (with the .npy mutations), the archive rebuilt valid around it. */
const zipMemberContent: Mutator = (b, rng) => {
  const members = zipMembers(b);
  if (!members) return undefined;
  const m = rng.pick(members);
  const [, mutate] = rng.pick(NPY_MUTATORS);
  m.data = mutate(m.data, rng) ?? havoc(m.data, rng);
  return buildZip(members, { zip64: rng.chance(0.1) }).bytes;
};

/** Members duplicated (same name), dropped, renamed, recompressed or lying about their size. */
const zipMemberList: Mutator = (b, rng) => {
  const members = zipMembers(b);
  if (!members) return undefined;
  const r = rng.int(5);
  const m = rng.pick(members);
  if (r === 0) members.push({ ...m });
  else if (r === 1 && members.length > 1) members.splice(members.indexOf(m), 1);
  else if (r === 2) m.name = rng.pick(['', '/', 'a/', 'x.npy', '../x.npy', '__proto__.npy', 'constructor.npy', 'a'.repeat(300) + '.npy', 'x.txt']);
  else if (r === 3) m.method = rng.pick([0, 8, 12, 99]);
  else m.declaredSize = scaled(m.data.length, rng);
  if (m.method !== 0 && m.method !== 8) m.compressed = deflateSync(m.data);
  return buildZip(members).bytes;
};

export const NPZ_MUTATORS: readonly [string, Mutator][] = [
  ['zip-field', zipField],
  ['zip-member-content', zipMemberContent],
  ['zip-member-list', zipMemberList],
];
