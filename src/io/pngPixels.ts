/** PNG scanlines → samples: row unfiltering and unpacking into planar [C, H, W] output. */

export interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

export interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** Undoes the row filter in place; `prev` is the start of the previous row of the pass or -1. */
export function unfilter(raw: Uint8Array, filter: number, start: number, prev: number, n: number, bpp: number): void {
  const end = start + n;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = start + bpp; i < end; i++) raw[i] = (raw[i]! + raw[i - bpp]!) & 0xff;
      return;
    case 2:
      if (prev < 0) return;
      for (let i = start, j = prev; i < end; i++, j++) raw[i] = (raw[i]! + raw[j]!) & 0xff;
      return;
    case 3:
      for (let i = start, j = prev; i < end; i++, j++) {
        const left = i - bpp >= start ? raw[i - bpp]! : 0;
        const up = prev < 0 ? 0 : raw[j]!;
        raw[i] = (raw[i]! + ((left + up) >> 1)) & 0xff;
      }
      return;
    default:
      for (let i = start, j = prev; i < end; i++, j++) {
        const hasLeft = i - bpp >= start;
        const a = hasLeft ? raw[i - bpp]! : 0;
        const b = prev < 0 ? 0 : raw[j]!;
        const c = hasLeft && prev >= 0 ? raw[j - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        const pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        raw[i] = (raw[i]! + pred) & 0xff;
      }
  }
}

type RowDecoder = (raw: Uint8Array, start: number, pass: Pass, row: number) => void;

/** Writes one unfiltered row of a pass into the planar [C, H, W] output. */
export function rowDecoder(
  h: Header,
  samples: number,
  palette: Uint8Array | undefined,
  paletteAlpha: Uint8Array | undefined,
  out: Float32Array,
  fail: (m: string) => never,
): RowDecoder {
  const plane = h.width * h.height;
  const depth = h.depth;
  if (h.colorType === 3) {
    const entries = palette!.length / 3;
    const withAlpha = paletteAlpha !== undefined;
    return (raw, start, p, r) => {
      const y = p.y0 + r * p.dy;
      for (let i = 0; i < p.width; i++) {
        const index = depth === 8 ? raw[start + i]! : subByte(raw, start, i, depth);
        const x = p.x0 + i * p.dx;
        if (index >= entries) fail(`pixel (x=${x}, y=${y}) uses palette index ${index} but the palette has ${entries} entries.`);
        const o = y * h.width + x;
        out[o] = palette![index * 3]!;
        out[plane + o] = palette![index * 3 + 1]!;
        out[2 * plane + o] = palette![index * 3 + 2]!;
        if (withAlpha) out[3 * plane + o] = index < paletteAlpha!.length ? paletteAlpha![index]! : 255;
      }
    };
  }
  if (depth < 8) {
    // Only gray has sub-byte depths besides palette; scale to 0–255 like libpng's expand.
    const scale = 255 / ((1 << depth) - 1);
    return (raw, start, p, r) => {
      const rowBase = (p.y0 + r * p.dy) * h.width + p.x0;
      for (let i = 0; i < p.width; i++) out[rowBase + i * p.dx] = subByte(raw, start, i, depth) * scale;
    };
  }
  return (raw, start, p, r) => {
    const rowBase = (p.y0 + r * p.dy) * h.width + p.x0;
    for (let c = 0; c < samples; c++) {
      const base = c * plane + rowBase;
      if (depth === 8) {
        for (let i = 0, s = start + c; i < p.width; i++, s += samples) out[base + i * p.dx] = raw[s]!;
      } else {
        for (let i = 0, s = start + 2 * c; i < p.width; i++, s += 2 * samples) out[base + i * p.dx] = (raw[s]! << 8) | raw[s + 1]!;
      }
    }
  };
}

/** Sample `i` of a row packed at 1, 2 or 4 bits, most significant bits first. */
function subByte(raw: Uint8Array, start: number, i: number, depth: number): number {
  const bit = i * depth;
  return (raw[start + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}
