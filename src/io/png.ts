import { countCopy } from '../copies';
import { crc32 } from './crc32';
import { ReadError } from './errors';
import { type InflateResult, inflateBoundedSteps } from './inflate';
import { checkDecodedSize } from './limits';
import { rowDecoder, unfilter, type Header, type Pass } from './pngPixels';
import { drain, type Steps } from './steps';
import type { LoadedArray } from './types';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const COLOR_NAMES: Record<number, string> = { 0: 'gray', 2: 'RGB', 3: 'palette', 4: 'gray+alpha', 6: 'RGBA' };

/**
 * Decodes a PNG to [C, H, W] float32 with raw sample values: 8-bit and palette images
 * 0–255, 16-bit 0–65535. Gray at 1/2/4 bits is scaled to 0–255 as libpng, OpenCV and
 * Pillow do. Palette images are expanded to RGB, or RGBA when the palette has
 * transparency (tRNS). tRNS of gray/RGB images is ignored (no alpha channel is added).
 *
 * Our own decoder over fflate's inflate rather than fast-png's, because fast-png 8 fails
 * on interlaced images below 8 bits (it counts their rows in whole bytes), cannot cap the
 * inflated size (zip bombs), and reports short image data as "Unsupported filter: undefined".
 */
export function readPng(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray {
  return drain(pngSteps(bytes, name, maxBytes));
}

/** readPng, yielding after every inflate step and every 64 rows (see steps.ts). */
export function* pngSteps(bytes: Uint8Array, name: string, maxBytes: number): Steps<LoadedArray> {
  const fail = (message: string): never => {
    throw new ReadError('png', `${name}: ${message}`);
  };
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) {
      if (i >= bytes.length) fail(`truncated: only ${bytes.length} bytes, too short for a PNG signature.`);
      fail(`not a PNG file: byte ${i} of the signature is 0x${bytes[i]!.toString(16).padStart(2, '0')}.`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let paletteAlpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 8 > bytes.length) fail(`truncated: the file ends at offset ${bytes.length} before the IEND chunk.`);
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`corrupt chunk header at offset ${offset}: chunk type ${JSON.stringify(type)} is not 4 letters.`);
    if (length > 0x7fffffff) fail(`corrupt ${type} chunk at offset ${offset}: length ${length} is too large.`);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) fail(`truncated: the ${type} chunk at offset ${offset} declares ${length} bytes but the file ends at ${bytes.length}.`);
    const data = bytes.subarray(dataStart, dataEnd);
    const critical = type.charCodeAt(0) < 97;
    if (critical && view.getUint32(dataEnd) !== crc32(typeBytes, data)) {
      fail(`the ${type} chunk at offset ${offset} fails its CRC check (the file is corrupt).`);
    }
    if (!header && type !== 'IHDR') fail(`the first chunk is ${type} at offset ${offset}; a PNG must start with IHDR.`);

    if (type === 'IHDR') {
      if (header) fail(`a second IHDR chunk at offset ${offset}.`);
      if (length !== 13) fail(`the IHDR chunk at offset ${offset} is ${length} bytes, not 13.`);
      header = parseHeader(view, dataStart, fail);
      checkDecodedSize(
        'png',
        `${name}: ${header.width}×${header.height} image`,
        header.width * header.height,
        outputChannels(header.colorType, false) * 4,
        maxBytes,
      );
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0 || length > 768) fail(`the PLTE chunk at offset ${offset} is ${length} bytes; it must hold 1–256 RGB entries.`);
      palette = data;
    } else if (type === 'tRNS') {
      if (header!.colorType === 3) paletteAlpha = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    } else if (critical) {
      fail(`unknown critical chunk ${type} at offset ${offset}.`);
    }
    offset = dataEnd + 4;
    yield; // a chunk's CRC: up to ~0.3 ms per 64 KB
  }

  const h = header!;
  if (idat.length === 0) fail('no IDAT chunk: the file holds no image data.');
  if (h.colorType === 3 && !palette) fail('a palette image without a PLTE chunk.');
  const alpha = h.colorType === 3 && paletteAlpha !== undefined;
  const channels = outputChannels(h.colorType, alpha);

  const samples = SAMPLES[h.colorType]!;
  const bitsPerPixel = samples * h.depth;
  const passes = h.interlaced ? adam7Passes(h.width, h.height) : [{ x0: 0, y0: 0, dx: 1, dy: 1, width: h.width, height: h.height }];
  let rawSize = 0;
  for (const p of passes) rawSize += p.height * (1 + Math.ceil((p.width * bitsPerPixel) / 8));
  checkDecodedSize('png', `${name}: ${h.width}×${h.height} image data`, rawSize, 1, maxBytes);

  let inflated: InflateResult;
  try {
    inflated = yield* inflateBoundedSteps(idat, rawSize, true);
  } catch (e) {
    return fail(`corrupt compressed image data (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (inflated.produced < rawSize) {
    fail(`the image data ends early: ${inflated.produced} of ${rawSize} bytes (truncated or corrupt).`);
  }

  checkDecodedSize('png', `${name}: ${h.width}×${h.height}×${channels} image`, h.width * h.height, channels * 4, maxBytes);
  const out = new Float32Array(channels * h.width * h.height);
  countCopy('decode', out.byteLength); // pixels become float32 values once, row by row
  const decodeRow = rowDecoder(h, samples, palette, paletteAlpha, out, fail);
  const raw = inflated.data;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  let pos = 0;
  for (const [passIndex, p] of passes.entries()) {
    const rowBytes = Math.ceil((p.width * bitsPerPixel) / 8);
    for (let r = 0; r < p.height; r++) {
      const filter = raw[pos]!;
      const start = pos + 1;
      const prev = r === 0 ? -1 : start - rowBytes - 1;
      if (filter > 4) {
        fail(`row ${r}${h.interlaced ? ` of interlace pass ${passIndex + 1}` : ''} has unknown filter type ${filter}.`);
      }
      unfilter(raw, filter, start, prev, rowBytes, bpp);
      decodeRow(raw, start, p, r);
      pos = start + rowBytes;
      if ((r & 63) === 63) yield;
    }
  }

  return {
    name,
    array: { shape: [channels, h.height, h.width], data: out },
    dtype: h.depth === 16 ? 'uint16' : 'uint8',
    image: { width: h.width, height: h.height, channels, bitDepth: h.depth },
  };
}

function parseHeader(view: DataView, o: number, fail: (m: string) => never): Header {
  const width = view.getUint32(o);
  const height = view.getUint32(o + 4);
  const depth = view.getUint8(o + 8);
  const colorType = view.getUint8(o + 9);
  const compression = view.getUint8(o + 10);
  const filterMethod = view.getUint8(o + 11);
  const interlace = view.getUint8(o + 12);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) fail(`IHDR declares an invalid size ${width}×${height}.`);
  const depths = DEPTHS[colorType];
  if (!depths) fail(`IHDR declares unknown colour type ${colorType}.`);
  if (!depths!.includes(depth)) fail(`IHDR declares bit depth ${depth}, invalid for ${COLOR_NAMES[colorType]} images (allowed: ${depths!.join(', ')}).`);
  if (compression !== 0) fail(`IHDR declares unknown compression method ${compression}.`);
  if (filterMethod !== 0) fail(`IHDR declares unknown filter method ${filterMethod}.`);
  if (interlace > 1) fail(`IHDR declares unknown interlace method ${interlace}.`);
  return { width, height, depth, colorType, interlaced: interlace === 1 };
}

function outputChannels(colorType: number, paletteAlpha: boolean): 1 | 2 | 3 | 4 {
  switch (colorType) {
    case 0:
      return 1;
    case 4:
      return 2;
    case 2:
      return 3;
    case 3:
      return paletteAlpha ? 4 : 3;
    default:
      return 4;
  }
}

function adam7Passes(width: number, height: number): Pass[] {
  const passes: Pass[] = [];
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const hgt = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (w > 0 && hgt > 0) passes.push({ x0, y0, dx, dy, width: w, height: hgt });
  }
  return passes;
}
