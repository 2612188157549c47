import { countCopy } from '../copies';
import { ReadError } from './errors';
import { orientedSize, orientRows } from './exifOrientation';
import { copyPlane, type Plane, upsampleRows, upsampling, yccToRgbLikeLibjpeg } from './jpegColor';
import { type CoefficientComponent, coefficientBytes, coefficientSteps } from './jpegDecode';
import { idctBlockRows } from './jpegIdct';
import { checkDecodedSize, formatBytes } from './limits';
import { type JpegFrame, scanMarkers } from './jpegMarkers';
import { drain, type Steps } from './steps';
import type { LoadedArray } from './types';

/**
 * Samples (of the image or of a component) per piece of work between yields, e.g. 2048 blocks
 * of entropy decoding. Measured on a 4096² photo here: pieces of 1 ms (median), 4 ms (95th
 * percentile), 10-17 ms where a stage allocates its planes; runSteps gathers them into ~20 ms
 * tasks (median gap between 1 ms timer ticks 22.5 ms; bench/jpegTasks.ts).
 */
const PIECE_SAMPLES = 1 << 17;

/**
 * Decodes a baseline or progressive JPEG to [C, H, W] float32, 0–255: gray JPEGs give 1
 * channel, colour ones 3 (RGB). Every step is libjpeg-turbo's with its defaults, as Pillow
 * and OpenCV call it (ISLOW inverse DCT, fancy upsampling, its YCbCr → RGB tables), so the
 * pixels equal theirs bit for bit (test/io/jpeg.test.ts checks them against Pillow).
 * EXIF orientation is applied, as OpenCV's imread does by default (Pillow does not).
 * CMYK/YCCK JPEGs are refused: Pillow and OpenCV disagree on them.
 */
export function readJpeg(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray {
  return drain(jpegSteps(bytes, name, maxBytes));
}

/**
 * readJpeg, yielding (steps.ts) after the markers are read and after every piece of about
 * `pieceSamples` samples of each stage: entropy decoding by MCU rows, the inverse DCT by block
 * rows, upsampling, colour conversion and turning upright by rows.
 */
export function* jpegSteps(bytes: Uint8Array, name: string, maxBytes: number, pieceSamples = PIECE_SAMPLES): Steps<LoadedArray> {
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

  yield; // the markers walked: ~10 ms for a 6 MB file

  const decoded = yield* coefficientSteps(bytes, fail, Math.max(1, pieceSamples >> 6));
  if (decoded.incompleteProgressive) {
    fail(
      'this progressive JPEG ends before its last scans (a partial download?). libjpeg, and so Pillow and OpenCV, guess the missing detail by block smoothing, which Pooling Lens does not reproduce: it refuses rather than show different pixels.',
    );
  }
  const { width: storedWidth, height: storedHeight } = decoded;
  const full: Plane[] = [];
  for (const c of decoded.components) {
    full.push(yield* fullResolutionSteps(c, decoded.maxH, decoded.maxV, storedWidth, storedHeight, count === 1, pieceSamples));
  }
  const size = channels * storedWidth * storedHeight;
  const stored = orientation > 1 ? new Uint8Array(size) : new Float32Array(size);
  const rowsPerPiece = Math.max(1, Math.floor(pieceSamples / storedWidth));
  const ycc = channels === 3 && isYcc(frame);
  for (let c = 0; c < (ycc ? 1 : channels); c++) {
    for (let y = 0; y < storedHeight; y += rowsPerPiece) {
      const end = Math.min(storedHeight, y + rowsPerPiece);
      if (ycc) yccToRgbLikeLibjpeg(full[0]!, full[1]!, full[2]!, storedWidth, storedHeight, stored, y, end);
      else copyPlane(full[c]!, storedWidth, storedHeight, stored, c, y, end);
      yield;
    }
  }
  const { width, height } = orientedSize(storedHeight, storedWidth, orientation);
  let out: Float32Array;
  if (stored instanceof Uint8Array) {
    out = new Float32Array(size);
    const orientRowsPerPiece = Math.max(1, Math.floor(pieceSamples / (channels * width)));
    for (let y = 0; y < height; y += orientRowsPerPiece) {
      orientRows(stored, out, channels, storedHeight, storedWidth, orientation, y, Math.min(height, y + orientRowsPerPiece));
      yield;
    }
  } else {
    out = stored;
  }
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

/** The component's samples (inverse DCT of every block), enlarged to width×height as libjpeg does, in pieces. */
function* fullResolutionSteps(
  c: CoefficientComponent,
  maxH: number,
  maxV: number,
  width: number,
  height: number,
  alone: boolean,
  pieceSamples: number,
): Steps<Plane> {
  const stride = c.widthInBlocks * 8;
  const samples = new Uint8Array(stride * c.heightInBlocks * 8);
  const quant = c.quant ?? new Int16Array(64); // a component no scan covered: libjpeg's zeroed table
  const blockRowsPerPiece = Math.max(1, Math.floor(pieceSamples / (stride * 8)));
  for (let by = 0; by < c.heightInBlocks; by += blockRowsPerPiece) {
    idctBlockRows(c.coefficients, c.blocksPerLine, c.widthInBlocks, quant, samples, stride, by, Math.min(c.heightInBlocks, by + blockRowsPerPiece));
    yield;
  }
  c.coefficients = new Int16Array(0); // let the collector have them before the output is allocated
  const hRatio = alone ? 1 : maxH / c.h;
  const vRatio = alone ? 1 : maxV / c.v;
  const up = upsampling(samples, stride, Math.ceil(width / hRatio), Math.ceil(height / vRatio), hRatio, vRatio, width, height);
  if (!up) return { data: samples, stride };
  const rowsPerPiece = Math.max(1, Math.floor(pieceSamples / width));
  for (let y = 0; y < height; y += rowsPerPiece) {
    upsampleRows(up, y, Math.min(height, y + rowsPerPiece));
    yield;
  }
  return up.plane;
}
