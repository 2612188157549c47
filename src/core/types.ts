/** An n-dimensional array in C (row-major) order. */
export interface NDArray {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/** Every pooling mode, in the order menus list them. */
export const POOL_MODES = ['max', 'min', 'avg', 'sum', 'lp'] as const;
export type PoolMode = (typeof POOL_MODES)[number];

export type Padding =
  | readonly number[] // symmetric, one per spatial dim (PyTorch)
  | readonly (readonly [number, number])[] // [before, after] per spatial dim (ONNX pads)
  | 'valid'
  | 'same' // TF / ONNX SAME_UPPER: the extra cell at the end
  | 'same-lower'; // ONNX SAME_LOWER: the extra cell at the start

export interface PoolOptions {
  mode: PoolMode;
  /** d = kernel.length spatial dims = the LAST d dims of the input. */
  kernel: readonly number[];
  /** Default: the kernel (PyTorch, Keras). */
  stride?: readonly number[];
  padding?: Padding;
  /** Default 1. */
  dilation?: readonly number[];
  /** Default false. */
  ceilMode?: boolean;
  /** avg; default true (PyTorch). */
  countIncludePad?: boolean;
  /** avg */
  divisorOverride?: number;
  /** lp; default 2. */
  p?: number;
  /** max/min */
  returnIndices?: boolean;
  /**
   * How avg/sum/lp add up a window. 'float64' (default) adds in float64 and rounds to the
   * output type once at the end. 'torch' adds in the input's precision, as PyTorch's CPU kernels
   * do (float32 input: the running sum is rounded to float32 after every addition), which
   * matches torch's float32 results to the bit. Both give the same result for float64 input.
   */
  accumulate?: Accumulate;
}

export type Accumulate = 'torch' | 'float64';

export interface PoolResult {
  output: NDArray;
  /** Flat within each input plane, as PyTorch (h·W + w; 3-D d·H·W + h·W + w). */
  indices?: Int32Array;
}

/** Invalid parameters: the message names the parameter and the value. */
export class PoolingError extends Error {
  /** The offending parameter, e.g. 'kernel', 'stride', 'padding', 'outputSize'. */
  readonly parameter: string | undefined;
  constructor(message: string, parameter?: string) {
    super(message);
    this.name = 'PoolingError';
    this.parameter = parameter;
  }
}
