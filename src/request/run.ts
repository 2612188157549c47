// Pools an array for a request: the core call for its kind (window, adaptive or global).
import { adaptivePool } from '../core/adaptive.js';
import type { Convention } from '../core/conventions.js';
import { globalPool } from '../core/global.js';
import { pool } from '../core/pool.js';
import type { NDArray } from '../core/types.js';
import type { PoolRequest } from '../protocol.js';
import { checkAdaptiveMode, requestInfo } from './info.js';
import { toPoolOptions } from './options.js';

export interface RunOptions {
  /** Resolves a null stride (the panel knows its convention; the host gets explicit strides). */
  convention?: Convention;
  /** Memory window pooling may write into (fresh memory is slow to touch). */
  reuse?: Float32Array | Float64Array;
}

/**
 * Pools `input`, whose LAST `req.spatialAxes.length` axes are spatial, every leading index.
 * Throws the core's PoolingError on bad parameters (the same checks as `requestInfo`).
 */
export function runRequest(input: NDArray, req: PoolRequest, run: RunOptions = {}): NDArray {
  requestInfo(input.shape, req, run.convention);
  switch (req.kind) {
    case 'window':
      return pool(input, toPoolOptions(req, run.convention), run.reuse ? { output: run.reuse } : undefined).output;
    case 'adaptive':
      checkAdaptiveMode(req.mode);
      return adaptivePool(input, req.outputSize, req.mode).output;
    case 'global':
      return globalPool(input, req.spatialAxes.length, req.mode).output;
  }
}
