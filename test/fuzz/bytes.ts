/** Format-blind mutations of a byte string (AFL's "havoc" stage, roughly). */
import type { Rng } from './rng';

/** Interesting values to write into a byte, 16-bit or 32-bit field. */
export const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40] as const;
export const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff] as const;

/** Mutations never grow an input past this (readers refuse larger inputs at once anyway). */
export const MAX_BYTES = 4 * 1024 * 1024;

/** Factors for "a header number multiplied": grow, shrink, zero, negate-ish, overflow. */
export const FACTORS = [0, 2, 3, 10, 256, 1000, 65536, 2 ** 20, 2 ** 31] as const;

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bitFlip(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  const out = b.slice();
  const flips = rng.range(1, 4);
  for (let k = 0; k < flips; k++) {
    const at = rng.int(out.length);
    out[at] = out[at]! ^ (1 << rng.int(8));
  }
  return out;
}

export function byteSet(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  const out = b.slice();
  const at = rng.int(out.length);
  out[at] = rng.chance(0.5) ? rng.pick(INTERESTING_8) : rng.int(256);
  return out;
}

/** A random 16- or 32-bit field (either byte order) set to an interesting value. */
export function wordSet(b: Uint8Array, rng: Rng): Uint8Array {
  const width = rng.chance(0.5) ? 2 : 4;
  if (b.length < width) return byteSet(b, rng);
  const out = b.slice();
  const at = rng.int(out.length - width + 1);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const v = rng.pick(INTERESTING_32);
  const le = rng.chance(0.5);
  if (width === 2) view.setUint16(at, v & 0xffff, le);
  else view.setUint32(at, v >>> 0, le);
  return out;
}

export function truncate(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  // Cuts near the end are the interesting ones (a download that stopped), but any cut is allowed.
  const at = rng.chance(0.5) ? b.length - 1 - rng.smallish(b.length - 1) : rng.int(b.length);
  return b.slice(0, at);
}

function span(b: Uint8Array, rng: Rng): [number, number] {
  const start = rng.int(b.length);
  const len = Math.min(b.length - start, 1 + rng.smallish(Math.max(1, b.length >> 1)));
  return [start, start + len];
}

export function chunkDuplicate(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  const [s, e] = span(b, rng);
  const at = rng.int(b.length + 1);
  // Bounded so that repeated duplication cannot grow an input without limit (MAX_BYTES).
  const times = Math.min(rng.chance(0.8) ? 1 : rng.range(2, 64), Math.max(0, Math.floor((MAX_BYTES - b.length) / Math.max(1, e - s))));
  const copies: Uint8Array[] = [];
  for (let i = 0; i < times; i++) copies.push(b.subarray(s, e));
  return concat(b.subarray(0, at), ...copies, b.subarray(at));
}

export function chunkRemove(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  const [s, e] = span(b, rng);
  return concat(b.subarray(0, s), b.subarray(e));
}

export function insertRandom(b: Uint8Array, rng: Rng): Uint8Array {
  const n = 1 + rng.smallish(32);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
  const at = rng.int(b.length + 1);
  return concat(b.subarray(0, at), bytes, b.subarray(at));
}

/** The head of one file glued to the tail of another of the same format. */
export function splice(b: Uint8Array, other: Uint8Array, rng: Rng): Uint8Array {
  return concat(b.subarray(0, rng.int(b.length + 1)), other.subarray(rng.int(other.length + 1)));
}

export const BYTE_MUTATORS: readonly [string, (b: Uint8Array, rng: Rng) => Uint8Array][] = [
  ['bitflip', bitFlip],
  ['byteset', byteSet],
  ['wordset', wordSet],
  ['truncate', truncate],
  ['dup', chunkDuplicate],
  ['remove', chunkRemove],
  ['insert', insertRandom],
];
