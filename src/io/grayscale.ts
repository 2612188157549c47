import type { NDArray } from '../core/types';
import { WriteError } from './errors';

// OpenCV's cvtColor(…GRAY) fixed-point weights for 8- and 16-bit images (0.299, 0.587,
// 0.114 scaled by 2^15); verified bit-exact against cv2 4.6 in the tests.
const R15 = 9798;
const G15 = 19235;
const B15 = 3735;
const R32 = Math.fround(0.299);
const G32 = Math.fround(0.587);
const B32 = Math.fround(0.114);

/**
 * [C, H, W] → [1, H, W] gray, the way OpenCV's cvtColor(img, COLOR_BGR2GRAY) does for an
 * image it loaded (our channels are RGB; OpenCV's BGR order maps to the same weights):
 * - C = 1, or a 2-D [H, W] array: returned unchanged.
 * - C = 2 (gray+alpha): the gray channel; C = 4: alpha is ignored.
 * - C = 3 or 4: integer images (dtype 'uint8'/'uint16', or, without a dtype, all values
 *   integers in 0..65535) use OpenCV's fixed point, (9798 R + 19235 G + 3735 B + 2^14) >> 15,
 *   bit-exact; other values 0.299 R + 0.587 G + 0.114 B rounded to float32 (OpenCV's SIMD
 *   float path can differ in the last bit).
 * Pass the LoadedArray's dtype so float images with integral values take the float path.
 */
export function toGrayscale(image: NDArray, options?: { dtype?: string }): NDArray {
  const { shape, data } = image;
  if (shape.length === 2) return image;
  if (shape.length !== 3 || shape[0]! < 1 || shape[0]! > 4) {
    throw new WriteError('grayscale', `grayscale needs an image of shape [C, H, W] with C = 1..4 (or [H, W]); got [${shape.join(', ')}].`);
  }
  const [channels, height, width] = shape as [number, number, number];
  if (channels === 1) return image;
  const plane = height * width;
  const out = new Float32Array(plane);
  if (channels === 2) {
    out.set(data.subarray(0, plane));
    return { shape: [1, height, width], data: out };
  }
  const dtype = options?.dtype;
  const integer = dtype === undefined ? isSmallUnsignedIntegers(data, 3 * plane) : dtype === 'uint8' || dtype === 'uint16' || dtype === 'bool';
  for (let i = 0; i < plane; i++) {
    const r = data[i]!;
    const g = data[plane + i]!;
    const b = data[2 * plane + i]!;
    out[i] = integer ? Math.floor((R15 * r + G15 * g + B15 * b + 16384) / 32768) : R32 * r + G32 * g + B32 * b;
  }
  return { shape: [1, height, width], data: out };
}

function isSmallUnsignedIntegers(data: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v <= 65535 && Number.isInteger(v))) return false;
  }
  return true;
}
