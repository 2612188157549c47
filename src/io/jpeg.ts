import { countCopy } from '../copies';
import { ReadError } from './errors';
import { applyOrientation } from './exifOrientation';
import { copyPlane, upsampleLikeLibjpeg, yccToRgbLikeLibjpeg, type Plane } from './jpegColor';
import { coefficientBytes, decodeCoefficients, type CoefficientComponent } from './jpegDecode';
import { idctIslow } from './jpegIdct';
import { checkDecodedSize, formatBytes } from './limits';
import { scanMarkers, type JpegFrame } from './jpegMarkers';
import type { LoadedArray } from './types';

/**
 * Decodes a baseline or progressive JPEG to [C, H, W] float32, 0–255: gray JPEGs give 1
 * channel, colour ones 3 (RGB). Every step is libjpeg-turbo's with its defaults, as Pillow
 * and OpenCV call it (ISLOW inverse DCT, fancy upsampling, its YCbCr → RGB tables), so the
 * pixels equal theirs bit for bit (test/io/jpeg.test.ts checks them against Pillow).
 * EXIF orientation is applied, as OpenCV's imread does by default (Pillow does not).
 * CMYK/YCCK JPEGs are refused: Pillow and OpenCV disagree on them.
 */
export function readJpeg(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray {
  const fail = (message: string): never => {
    throw new ReadError('jpeg', `${name}: ${message}`);
  };
  const frame = scanMarkers(bytes, fail);
  const count = frame.components.length;
  if (count === 4) {
    fail('CMYK JPEG is not supported (Pillow keeps it as inverted CMYK, OpenCV converts it to BGR its own way): convert it to RGB first.');
  }
  const channels = count === 1 ? 1 : 3;
  // Turning an image upright (EXIF orientation) goes through a byte copy of it.
  const orientation = frame.orientation ?? 1;
  const bytesPerValue = orientation > 1 ? 5 : 4;
  checkDecodedSize('jpeg', `${name}: ${frame.width}×${frame.height}×${channels} image`, frame.width * frame.height, channels * bytesPerValue, maxBytes);
  const maxH = Math.max(...frame.components.map((c) => c.h));
  const maxV = Math.max(...frame.components.map((c) => c.v));
  if (count > 1 && frame.components.some((c) => maxH % c.h !== 0 || maxV % c.v !== 0)) {
    const factors = frame.components.map((c) => `${c.h}×${c.v}`).join(', ');
    fail(`sampling factors ${factors} need fractional upsampling, which libjpeg (and so Pillow and OpenCV) does not do either.`);
  }
  // Coefficients (2 bytes per sample) and the samples (1 byte), padded to whole blocks.
  const working = coefficientBytes(frame.width, frame.height, frame.components) * 1.5;
  if (working > maxBytes) {
    throw ReadError.tooLarge(
      'jpeg',
      `${name}: decoding this ${frame.width}×${frame.height} image needs ${formatBytes(working)} of working memory, over the ${formatBytes(maxBytes)} limit`,
      working,
      maxBytes,
    );
  }

  const decoded = decodeCoefficients(bytes, fail);
  if (decoded.incompleteProgressive) {
    fail(
      'this progressive JPEG ends before its last scans (a partial download?). libjpeg, and so Pillow and OpenCV, guess the missing detail by block smoothing, which Pooling Lens does not reproduce: it refuses rather than show different pixels.',
    );
  }
  const { width: storedWidth, height: storedHeight } = decoded;
  const full = decoded.components.map((c) => fullResolution(c, decoded.maxH, decoded.maxV, storedWidth, storedHeight, count === 1));
  const size = channels * storedWidth * storedHeight;
  const stored = orientation > 1 ? new Uint8Array(size) : new Float32Array(size);
  if (channels === 3 && isYcc(frame)) yccToRgbLikeLibjpeg(full[0]!, full[1]!, full[2]!, storedWidth, storedHeight, stored);
  else for (let c = 0; c < channels; c++) copyPlane(full[c]!, storedWidth, storedHeight, stored, c);
  const {
    data: out,
    width,
    height,
  } = stored instanceof Uint8Array
    ? applyOrientation(stored, channels, storedHeight, storedWidth, orientation)
    : { data: stored, width: storedWidth, height: storedHeight };
  countCopy('decode', out.byteLength); // the decoded planes become float32 values once (turned, if EXIF says so, on the way)
  return {
    name,
    array: { shape: [channels, height, width], data: out },
    dtype: 'uint8',
    image: { width, height, channels, bitDepth: 8 },
  };
}

/** libjpeg's guess (jdapimin.c default_decompress_parms) of what 3 components hold. */
function isYcc(frame: JpegFrame): boolean {
  if (frame.jfif) return true;
  if (frame.adobeTransform !== undefined) return frame.adobeTransform !== 0;
  const [a, b, c] = frame.components.map((k) => k.id);
  return !(a === 0x52 && b === 0x47 && c === 0x42); // 'R', 'G', 'B'
}

/** The component's samples (inverse DCT of every block), enlarged to width×height as libjpeg does. */
function fullResolution(c: CoefficientComponent, maxH: number, maxV: number, width: number, height: number, alone: boolean): Plane {
  const stride = c.widthInBlocks * 8;
  const samples = new Uint8Array(stride * c.heightInBlocks * 8);
  const quant = c.quant ?? new Int16Array(64); // a component no scan covered: libjpeg's zeroed table
  for (let by = 0; by < c.heightInBlocks; by++) {
    for (let bx = 0; bx < c.widthInBlocks; bx++) {
      idctIslow(c.coefficients, (by * c.blocksPerLine + bx) * 64, quant, samples, by * 8 * stride + bx * 8, stride);
    }
  }
  c.coefficients = new Int16Array(0); // let the collector have them before the output is allocated
  const hRatio = alone ? 1 : maxH / c.h;
  const vRatio = alone ? 1 : maxV / c.v;
  const pw = Math.ceil(width / hRatio);
  const ph = Math.ceil(height / vRatio);
  return upsampleLikeLibjpeg(samples, stride, pw, ph, hRatio, vRatio, width, height);
}
