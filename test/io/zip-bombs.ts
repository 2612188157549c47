/**
 * Zip bombs for the .npz reader, built in memory from one compressed MiB of zeros repeated, so a
 * 1 GiB member costs ~1 MB to build and nothing is committed. Every bomb is a real archive: the
 * stored CRCs are right, so a reader that inflated all of it would find nothing wrong but size.
 */
import { constants, crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import { buildZip, type ZipMember, type ZipOptions } from './zip-builder';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** Each piece ends with a full flush: byte-aligned, non-final and independent of what came before. */
const piece = (data: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH }));
/** A final, empty fixed-Huffman block: ends the stream. */
const END = new Uint8Array([0x03, 0x00]);

let zeroPiece: Uint8Array | undefined;
const ZERO_MIB = new Uint8Array(MiB);

/**
 * `crc -> crc32(1 MiB of zeros, crc)` is affine over GF(2): stored as its value at 0 and the
 * images of the 32 bits, so 1 GiB of zeros costs 1024 × 32 xors instead of hashing a gigabyte.
 */
let zeroMibCrc: { at0: number; bits: number[] } | undefined;
function crcAfterZeroMib(crc: number): number {
  zeroMibCrc ??= (() => {
    const at0 = zlibCrc32(ZERO_MIB, 0);
    return { at0, bits: Array.from({ length: 32 }, (_, i) => (zlibCrc32(ZERO_MIB, 2 ** i) ^ at0) >>> 0) };
  })();
  let out = zeroMibCrc.at0;
  for (let i = 0; i < 32; i++) if ((crc >>> i) & 1) out ^= zeroMibCrc.bits[i]!;
  return out >>> 0;
}

/** A member whose bytes are `head` followed by `zeros` zero bytes (a multiple of 1 MiB plus any rest). */
export interface BombData {
  compressed: Uint8Array;
  size: number;
  crc: number;
}

export function deflatedZeros(head: Uint8Array, zeros: number): BombData {
  zeroPiece ??= piece(ZERO_MIB);
  const whole = Math.floor(zeros / MiB);
  const rest = zeros - whole * MiB;
  const headPiece = piece(head);
  const restPiece = piece(new Uint8Array(rest));
  const compressed = new Uint8Array(headPiece.length + whole * zeroPiece.length + restPiece.length + END.length);
  compressed.set(headPiece, 0);
  let o = headPiece.length;
  let crc = zlibCrc32(head);
  for (let i = 0; i < whole; i++, o += zeroPiece.length) {
    compressed.set(zeroPiece, o);
    crc = crcAfterZeroMib(crc);
  }
  compressed.set(restPiece, o);
  compressed.set(END, o + restPiece.length);
  crc = zlibCrc32(new Uint8Array(rest), crc);
  return { compressed, size: head.length + zeros, crc };
}

/** A version 1.0 .npy header for a C-order array, padded to 64 bytes as NumPy does. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8], 0);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** An .npy member of `descr` with `elements` zero elements of `itemsize` bytes, as a deflated zip member. */
export function zeroNpyMember(name: string, descr: string, elements: number, itemsize: number): ZipMember & { size: number } {
  const head = npyHeader(descr, [elements]);
  const d = deflatedZeros(head, elements * itemsize);
  return { name, data: new Uint8Array(0), compressed: d.compressed, crc: d.crc, declaredSize: d.size, size: d.size };
}

export interface Bomb {
  name: string;
  fileName: string;
  bytes: Uint8Array;
  /** What the archive would inflate to if every entry were inflated in full. */
  inflatesTo: number;
  /** The refusal, as the reader must word it. */
  refusal: RegExp;
  maxBytes?: number;
}

const zip = (members: ZipMember[], options?: ZipOptions): Uint8Array => buildZip(members, options).bytes;

/** The bombs of issue 10 §2 and their zip64 variants (the reader supports zip64). */
export function bombs(): Bomb[] {
  const out: Bomb[] = [];
  for (const zip64 of [false, true]) {
    const z = zip64 ? ' (zip64)' : '';
    const f = (s: string): string => (zip64 ? s.replace('.npz', '-zip64.npz') : s);

    // The file: 24 central-directory entries share one 120 MB member (uint8: 480 MB as float32).
    const shared = zeroNpyMember('a0.npy', '|u1', 120_000_000, 1);
    const aliases = Array.from({ length: 23 }, (_, i) => ({ name: `a${i + 1}.npy`, of: 0 }));
    out.push({
      name: `overlapping entries: 24 entries share one 120 MB member${z}`,
      fileName: f('overlap.npz'),
      bytes: zip([shared], { zip64, aliases }),
      inflatesTo: 24 * shared.size,
      refusal: /overlap.*\.npz: not a readable \.npz \(zip\) archive: entries 'a0\.npy' and 'a1\.npy' overlap/,
    });

    // Classic: one honest 1 GiB member.
    const gig = zeroNpyMember('x.npy', '<f8', GiB / 8, 8);
    out.push({
      name: `classic 1 GiB member${z}`,
      fileName: f('classic.npz'),
      bytes: zip([gig], { zip64 }),
      inflatesTo: gig.size,
      refusal: /classic.*\.npz › x\.npy: declared size 1\.0 GB is over the 256 MB limit/,
    });

    // A member that declares 100 KB, whose header agrees, but whose stream goes on to 1 GiB.
    const liar = deflatedZeros(npyHeader('<f8', [12_800]), GiB);
    out.push({
      name: `member lying about its size (declares 100 KB, inflates to 1 GiB)${z}`,
      fileName: f('liar.npz'),
      bytes: zip(
        [{ name: 'x.npy', data: new Uint8Array(0), compressed: liar.compressed, crc: liar.crc, declaredSize: npyHeader('<f8', [12_800]).length + 102_400 }],
        { zip64 },
      ),
      inflatesTo: liar.size,
      refusal: /liar.*\.npz › x\.npy: inflates to more than its declared 102528 bytes/,
    });

    // Honest sizes under the limit, but the .npy header says the array is 800 MB (uint8 is read as float32).
    const wide = zeroNpyMember('u.npy', '|u1', 200_000_000, 1);
    out.push({
      name: `member under the limit whose .npy header needs 763 MB${z}`,
      fileName: f('header.npz'),
      bytes: zip([wide], { zip64 }),
      inflatesTo: wide.size,
      refusal: /header.*\.npz › u\.npy: shape \(200000000,\) uint8 needs 763 MB in memory, over the 256 MB limit/,
    });

    // 24 separate (non-overlapping) 160 MB members: each file alone fits the limit, together 3.8 GB
    // (int32 is read as float64: 320 MB each).
    const many = Array.from({ length: 24 }, (_, i) => zeroNpyMember(`m${i}.npy`, '<i4', 40_000_000, 4));
    out.push({
      name: `24 separate 160 MB members${z}`,
      fileName: f('many.npz'),
      bytes: zip(many, { zip64 }),
      inflatesTo: many.reduce((n, m) => n + m.size, 0),
      refusal: /many.*\.npz › m0\.npy: shape \(40000000,\) int32 needs 305 MB in memory, over the 256 MB limit/,
    });
  }
  // Only zip64 can declare more than 4 GiB: a member declaring 5 GiB (its stream holds 1 GiB).
  const five = deflatedZeros(npyHeader('<f8', [(5 * GiB) / 8]), GiB);
  out.push({
    name: 'zip64 member declaring 5 GiB',
    fileName: 'five-zip64.npz',
    bytes: zip([{ name: 'x.npy', data: new Uint8Array(0), compressed: five.compressed, crc: five.crc, declaredSize: 5 * GiB }], { zip64: true }),
    inflatesTo: five.size,
    refusal: /five-zip64\.npz › x\.npy: declared size 5\.0 GB is over the 256 MB limit/,
  });
  return out;
}
