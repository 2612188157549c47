import decodeJpeg from 'jpeg-js/lib/decoder.js';
import { ReadError } from './errors';
import { upsampleLikeLibjpeg, yccToRgbLikeLibjpeg } from './jpegColor';
import { checkDecodedSize } from './limits';
import { scanMarkers, type JpegComponent, type JpegFrame } from './jpegMarkers';
import type { LoadedArray } from './types';

/**
 * Decodes a baseline or progressive JPEG to [C, H, W] float32, 0–255: gray JPEGs give
 * 1 channel, colour ones 3. jpeg-js does the entropy decoding and IDCT; for YCbCr images
 * with 4:4:4, 4:2:2, 4:2:0 or 4:4:0 sampling, chroma upsampling and colour conversion are
 * libjpeg's (what Pillow and OpenCV use), so values match theirs up to IDCT rounding
 * (±1–2 levels; see the tests). Other layouts (Adobe-transformed YCbCr, CMYK, unusual
 * sampling) use jpeg-js's own conversion, which can differ more.
 */
export function readJpeg(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray {
  const fail = (message: string): never => {
    throw new ReadError('jpeg', `${name}: ${message}`);
  };
  const frame = scanMarkers(bytes, fail);
  const channels = frame.components.length === 1 ? 1 : 3;
  checkDecodedSize('jpeg', `${name}: ${frame.width}×${frame.height}×${channels} image`, frame.width * frame.height, channels * 4, maxBytes);
  const plan = colourPlan(frame);

  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      // false: hand us the Y, Cb, Cr (or R, G, B) samples untransformed.
      ...(plan === 'jpeg-js' ? {} : { colorTransform: false }),
      maxResolutionInMP: (frame.width * frame.height) / 1e6 + 1,
      // jpeg-js keeps component planes and coefficient blocks besides the output.
      maxMemoryUsageInMB: Math.ceil((frame.width * frame.height * 16) / (1024 * 1024)) + 64,
    });
  } catch (e) {
    return fail(`cannot decode the JPEG data: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const { width, height, data } = decoded;
  if (width !== frame.width || height !== frame.height || data.length !== width * height * 3) {
    fail(`the decoder returned ${width}×${height} for a ${frame.width}×${frame.height} frame.`);
  }
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  if (plan === 'libjpeg-ycc') {
    const [y, cb, cr] = [0, 1, 2].map((c) => componentPlane(data, c, frame));
    yccToRgbLikeLibjpeg(y!, cb!, cr!, out);
  } else {
    for (let c = 0; c < channels; c++) {
      for (let i = 0, s = c; i < plane; i++, s += 3) out[c * plane + i] = data[s]!;
    }
  }
  return {
    name,
    array: { shape: [channels, height, width], data: out },
    dtype: 'uint8',
    image: { width, height, channels, bitDepth: 8 },
  };
}

type ColourPlan = 'direct' | 'libjpeg-ycc' | 'jpeg-js';

/** How libjpeg decides what 3 components hold, and whether we can reproduce its conversion. */
function colourPlan(frame: JpegFrame): ColourPlan {
  const comps = frame.components;
  if (comps.length === 1) return 'direct';
  if (comps.length !== 3) return 'jpeg-js';
  let ycc: boolean;
  if (frame.adobeTransform !== undefined) ycc = frame.adobeTransform !== 0;
  else if (frame.jfif) ycc = true;
  else ycc = !(comps[0]!.id === 0x52 && comps[1]!.id === 0x47 && comps[2]!.id === 0x42); // 'R','G','B'
  if (!ycc) return frame.adobeTransform === undefined ? 'direct' : 'jpeg-js'; // jpeg-js ignores Adobe's "no transform"
  if (frame.adobeTransform !== undefined) return 'jpeg-js'; // jpeg-js then always converts itself
  const [l, cb, cr] = comps as [JpegComponent, JpegComponent, JpegComponent];
  const maxH = Math.max(l.h, cb.h, cr.h);
  const maxV = Math.max(l.v, cb.v, cr.v);
  const supported =
    l.h === maxH && l.v === maxV && cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1 && (maxH === 1 || maxH === 2) && (maxV === 1 || maxV === 2);
  return supported ? 'libjpeg-ycc' : 'jpeg-js';
}

/**
 * Component `c` at full resolution. jpeg-js replicated subsampled chroma (sample ⌊x/2⌋),
 * so every other pixel gives back the stored plane, which libjpeg's upsampling then smooths.
 */
function componentPlane(data: Uint8Array, c: number, frame: JpegFrame): Uint8Array {
  const { width, height, components } = frame;
  const maxH = Math.max(...components.map((k) => k.h));
  const maxV = Math.max(...components.map((k) => k.v));
  const comp = components[c]!;
  const hRatio = (maxH / comp.h) as 1 | 2;
  const vRatio = (maxV / comp.v) as 1 | 2;
  const pw = Math.ceil(width / hRatio);
  const ph = Math.ceil(height / vRatio);
  const plane = new Uint8Array(pw * ph);
  for (let r = 0; r < ph; r++) {
    for (let k = 0; k < pw; k++) plane[r * pw + k] = data[(r * vRatio * width + k * hRatio) * 3 + c]!;
  }
  return upsampleLikeLibjpeg(plane, pw, ph, hRatio, vRatio, width, height);
}
