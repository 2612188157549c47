import { crc32 } from './crc32';
import { inflateBounded } from './inflate';

/** One entry of a zip central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Structural problem with the archive or one member; `offset` is where it was found. */
export class ZipError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Lists the archive's entries from its central directory (the authoritative listing). */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => view.getUint16(o, true);
  const u32 = (o: number): number => view.getUint32(o, true);
  const u64 = (o: number): number => {
    const hi = u32(o + 4);
    if (hi >= 1 << 21) throw new ZipError('a 64-bit size or offset is larger than 2^53', o);
    return hi * 4294967296 + u32(o);
  };
  const need = (o: number, n: number, what: string): void => {
    if (o < 0 || o + n > bytes.length) throw new ZipError(`${what} runs past the end of the file; truncated?`, o);
  };

  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let o = bytes.length - 22; o >= 0 && o >= bytes.length - 22 - 65535; o--) {
    if (u32(o) === EOCD) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end-of-central-directory record found; not a zip archive, or truncated', bytes.length);
  let count = u16(eocd + 10);
  let dirSize = u32(eocd + 12);
  let dirOffset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const z64 = u64(eocd - 20 + 8);
    need(z64, 56, 'the zip64 end-of-central-directory record');
    if (u32(z64) !== ZIP64_EOCD) throw new ZipError('bad zip64 end-of-central-directory signature', z64);
    count = u64(z64 + 32);
    dirSize = u64(z64 + 40);
    dirOffset = u64(z64 + 48);
  }
  need(dirOffset, dirSize, 'the central directory');
  // Each entry takes at least 46 bytes: a count that cannot fit is a lie, not a reason to loop.
  if (count * 46 > dirSize) throw new ZipError(`the directory claims ${count} entries but is only ${dirSize} bytes`, eocd);

  const entries: ZipEntry[] = [];
  let o = dirOffset;
  for (let i = 0; i < count; i++) {
    need(o, 46, `central directory entry ${i + 1}`);
    if (u32(o) !== CENTRAL) throw new ZipError(`bad signature for central directory entry ${i + 1}`, o);
    const nameLength = u16(o + 28);
    const extraLength = u16(o + 30);
    const commentLength = u16(o + 32);
    need(o + 46, nameLength + extraLength + commentLength, `central directory entry ${i + 1}`);
    const entry: ZipEntry = {
      name: new TextDecoder('utf-8').decode(bytes.subarray(o + 46, o + 46 + nameLength)),
      flags: u16(o + 8),
      method: u16(o + 10),
      crc: u32(o + 16),
      compressedSize: u32(o + 20),
      uncompressedSize: u32(o + 24),
      localHeaderOffset: u32(o + 42),
    };
    readZip64Extra(entry, o + 46 + nameLength, extraLength, u16, u64);
    entries.push(entry);
    o += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets that do not fit 32 bits are 0xFFFFFFFF and live in the zip64 extra field. */
function readZip64Extra(entry: ZipEntry, start: number, length: number, u16: (o: number) => number, u64: (o: number) => number): void {
  const MAX = 0xffffffff;
  const wanted = [entry.uncompressedSize === MAX, entry.compressedSize === MAX, entry.localHeaderOffset === MAX];
  if (!wanted.some(Boolean)) return;
  for (let p = start; p + 4 <= start + length; p += 4 + u16(p + 2)) {
    if (u16(p) !== 1) continue;
    let q = p + 4;
    const end = q + u16(p + 2);
    const next = (): number => {
      if (q + 8 > end) throw new ZipError('zip64 extra field too short', p);
      const v = u64(q);
      q += 8;
      return v;
    };
    if (wanted[0]) entry.uncompressedSize = next();
    if (wanted[1]) entry.compressedSize = next();
    if (wanted[2]) entry.localHeaderOffset = next();
    return;
  }
  throw new ZipError(`entry '${entry.name}' needs a zip64 extra field but has none`, start);
}

/**
 * Extracts one member. The caller has already accepted `entry.uncompressedSize`; the
 * output never grows past it, and the CRC is checked as zipfile/NumPy do.
 */
export function extractZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const o = entry.localHeaderOffset;
  if (o + 30 > bytes.length) throw new ZipError('local header runs past the end of the file; truncated?', o);
  if (view.getUint32(o, true) !== LOCAL) throw new ZipError('bad local header signature', o);
  if (entry.flags & 1) throw new ZipError('the member is encrypted', o);
  const dataStart = o + 30 + view.getUint16(o + 26, true) + view.getUint16(o + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > bytes.length) {
    throw new ZipError(`compressed data of ${entry.compressedSize} bytes runs past the end of the file; truncated?`, dataStart);
  }
  const compressed = bytes.subarray(dataStart, dataEnd);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipError(`stored member with compressed size ${entry.compressedSize} but size ${entry.uncompressedSize}`, dataStart);
    }
    data = compressed;
  } else if (entry.method === 8) {
    let result: ReturnType<typeof inflateBounded>;
    try {
      result = inflateBounded([compressed], entry.uncompressedSize, false);
    } catch (e) {
      throw new ZipError(`corrupt deflate data: ${e instanceof Error ? e.message : String(e)}`, dataStart);
    }
    if (result.overflow) throw new ZipError(`inflates to more than its declared ${entry.uncompressedSize} bytes`, dataStart);
    if (result.produced < entry.uncompressedSize) {
      throw new ZipError(`inflates to ${result.produced} bytes, fewer than its declared ${entry.uncompressedSize}; corrupt or truncated`, dataStart);
    }
    data = result.data;
  } else {
    throw new ZipError(`compression method ${entry.method} is not supported, only stored (0) and deflate (8)`, o);
  }
  const crc = crc32(data);
  if (crc !== entry.crc) {
    throw new ZipError(`CRC-32 mismatch, stored 0x${hex8(entry.crc)} but computed 0x${hex8(crc)}: the member is corrupt`, dataStart);
  }
  return data;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
