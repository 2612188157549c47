// What the worker keeps between jobs: the loaded array (the only copy in the webview: the
// UI thread transfers it here), the pooling model of the block shown, and the planes the grids
// show, so a zoomed-in patch can be rendered without the UI thread asking for a new frame.
import type { ChunkAssembler } from '../../src/chunks';
import type { ChainResult } from '../chainCompute';
import { PoolModel } from '../model';
import type { NDArray } from '../../src/core/types';
import type { Stats } from '../stats';
import type { PlaneSource } from './raster';

export interface WorkerContext {
  data: Float32Array | Float64Array;
  shape: number[];
  model: PoolModel;
  /** The parameters and block the output was pooled for ('' before the first output). */
  poolKey: string;
  /** The planes drawn in the last frame (and Compare columns), by source name. */
  sources: Map<string, PlaneSource>;
  frame: number;
  /** What the input raster was rendered for (block, colours, depth, value plane). */
  inputKey: string;
  /** The last chain computed (Chain view): its block, its layers (as JSON) and the result. */
  chain: { block: NDArray; key: string; result: ChainResult } | null;
  /** Counts for the tests: calls into the pooling request path, frames made. */
  poolCalls: number;
  frames: number;
  /** Test builds: milliseconds each pooling is held up (to make a stale result likely). */
  frameDelayMs: number;
  /** A chunked load still arriving (null once complete): see loadJobs.ts and bandJob.ts. */
  arriving: Arriving | null;
}

export interface Arriving {
  loadId: number;
  assembler: ChunkAssembler;
  /** The whole array's value range, from the host (undefined until it came): the colours of rows drawn early are final. */
  range: { min: number; max: number } | null | undefined;
  /** The output rows pooled so far, for the block and parameters of `key`. */
  band: { key: string; out: Float32Array | Float64Array; rows: number; failed: boolean; stats: Stats } | null;
}

export function emptyContext(): WorkerContext {
  return {
    data: new Float32Array(0),
    shape: [0],
    model: new PoolModel(),
    poolKey: '',
    sources: new Map(),
    frame: 0,
    inputKey: '',
    chain: null,
    poolCalls: 0,
    frames: 0,
    frameDelayMs: 0,
    arriving: null,
  };
}
