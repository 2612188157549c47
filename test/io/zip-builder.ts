import { deflateSync } from 'fflate';
import { crc32 } from '../../src/io/crc32';

export interface ZipMember {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflate (default), anything else written as is. */
  method?: number;
  flags?: number;
  /** Overrides for lying archives. */
  crc?: number;
  declaredSize?: number;
  compressed?: Uint8Array;
}

export interface BuiltZip {
  bytes: Uint8Array;
  localOffsets: number[];
  centralOffsets: number[];
  eocdOffset: number;
}

export interface ZipOptions {
  /** Sizes and offsets in zip64 extra fields, with zip64 end records. */
  zip64?: boolean;
  /** More central-directory entries pointing at member `of`'s local header (overlapping entries). */
  aliases?: readonly { name: string; of: number }[];
}

/** A minimal zip writer for crafting archives (valid or not) in tests; zip64 records on request. */
export function buildZip(members: readonly ZipMember[], options: ZipOptions = {}): BuiltZip {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array): number => {
    const at = size;
    chunks.push(b);
    size += b.length;
    return at;
  };
  const enc = new TextEncoder();
  const infos: { name: Uint8Array; method: number; flags: number; crc: number; csize: number; usize: number; offset: number }[] = [];
  const localOffsets: number[] = [];
  for (const m of members) {
    const method = m.method ?? 8;
    const compressed = m.compressed ?? (method === 8 ? deflateSync(m.data) : m.data);
    const name = enc.encode(m.name);
    const info = {
      name,
      method,
      flags: m.flags ?? 0,
      crc: m.crc ?? crc32(m.data),
      csize: compressed.length,
      usize: m.declaredSize ?? m.data.length,
      offset: size,
    };
    const h = new DataView(new ArrayBuffer(30));
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, info.flags, true);
    h.setUint16(8, method, true);
    h.setUint32(14, info.crc, true);
    h.setUint32(18, info.csize, true);
    h.setUint32(22, info.usize, true);
    h.setUint16(26, name.length, true);
    localOffsets.push(push(new Uint8Array(h.buffer)));
    push(name);
    push(compressed);
    infos.push(info);
  }
  const dirOffset = size;
  const centralOffsets: number[] = [];
  const aliases = (options.aliases ?? []).map((a) => ({ ...infos[a.of]!, name: enc.encode(a.name) }));
  for (const info of [...infos, ...aliases]) {
    const extra = options.zip64 ? 28 : 0;
    const c = new DataView(new ArrayBuffer(46 + info.name.length + extra));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 45, true);
    c.setUint16(6, options.zip64 ? 45 : 20, true);
    c.setUint16(8, info.flags, true);
    c.setUint16(10, info.method, true);
    c.setUint32(16, info.crc, true);
    c.setUint32(20, options.zip64 ? 0xffffffff : info.csize, true);
    c.setUint32(24, options.zip64 ? 0xffffffff : info.usize, true);
    c.setUint16(28, info.name.length, true);
    c.setUint16(30, extra, true);
    c.setUint32(42, options.zip64 ? 0xffffffff : info.offset, true);
    new Uint8Array(c.buffer).set(info.name, 46);
    if (options.zip64) {
      const e = 46 + info.name.length;
      c.setUint16(e, 1, true);
      c.setUint16(e + 2, 24, true);
      c.setBigUint64(e + 4, BigInt(info.usize), true);
      c.setBigUint64(e + 12, BigInt(info.csize), true);
      c.setBigUint64(e + 20, BigInt(info.offset), true);
    }
    centralOffsets.push(push(new Uint8Array(c.buffer)));
  }
  const dirSize = size - dirOffset;
  if (options.zip64) {
    const z = new DataView(new ArrayBuffer(56));
    z.setUint32(0, 0x06064b50, true);
    z.setBigUint64(4, 44n, true);
    z.setBigUint64(24, BigInt(centralOffsets.length), true);
    z.setBigUint64(32, BigInt(centralOffsets.length), true);
    z.setBigUint64(40, BigInt(dirSize), true);
    z.setBigUint64(48, BigInt(dirOffset), true);
    const z64 = push(new Uint8Array(z.buffer));
    const l = new DataView(new ArrayBuffer(20));
    l.setUint32(0, 0x07064b50, true);
    l.setBigUint64(8, BigInt(z64), true);
    l.setUint32(16, 1, true);
    push(new Uint8Array(l.buffer));
  }
  const e = new DataView(new ArrayBuffer(22));
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, options.zip64 ? 0xffff : centralOffsets.length, true);
  e.setUint16(10, options.zip64 ? 0xffff : centralOffsets.length, true);
  e.setUint32(12, options.zip64 ? 0xffffffff : dirSize, true);
  e.setUint32(16, options.zip64 ? 0xffffffff : dirOffset, true);
  const eocdOffset = push(new Uint8Array(e.buffer));
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes, localOffsets, centralOffsets, eocdOffset };
}
