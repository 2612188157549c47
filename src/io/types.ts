import type { NDArray } from '../core/types';
import type { ReadError } from './errors';

export interface ImageInfo {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Bits per sample as stored in the file (PNG 1/2/4/8/16, JPEG 8). */
  bitDepth: number;
}

export interface LoadedArray {
  /** The file name, or the array's key inside an .npz (as `np.load(f)[key]`) or a JSON object. */
  name: string;
  /** Values as numbers: Float32Array for float32/float16/images, Float64Array otherwise. */
  array: NDArray;
  /** The stored type, NumPy-style: 'float32', 'uint8', 'bool', 'int64', ... */
  dtype: string;
  /** Set for images; the array is then [C, H, W]. */
  image?: ImageInfo;
  /** int64/uint64 values whose magnitude needs more than 53 bits were rounded to the nearest float64. */
  precisionLoss?: boolean;
  /**
   * Set when this member of a multi-array file (.npz) could not be read; the array is then
   * empty (shape [0]) and the other members are still usable.
   */
  error?: ReadError;
}

export interface ReadOptions {
  /** Largest array (decoded, in bytes) or file section to accept. Default 256 MB. */
  maxBytes?: number;
  /**
   * readArrays asks this between the pieces of a slow decode (images); once it says false the
   * decode stops there and the promise rejects with ReadAbandoned (a closed panel's 4096² JPEG
   * no longer decodes to its end).
   */
  keepGoing?: () => boolean;
}
