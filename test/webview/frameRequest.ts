// A frame request as the panel sends it for a plain grid (no picture, no depth, auto colours):
// shared by the worker's tests and scripts/worker-memory.ts.
import type { Params } from '../../webview/state';
import type { FrameRequest } from '../../webview/worker/protocol';

export function plainFrameRequest(params: Params, indices: number[], over: Partial<FrameRequest> = {}): FrameRequest {
  return {
    spatialAxes: params.spatialAxes.slice(),
    indices,
    planeAxis: null,
    params,
    formProblems: [],
    view: { depth: 0, outDepth: 0, picture: false, colormap: 'auto', decimals: 3 },
    valuePlane: 0,
    bitDepth: undefined,
    haveInput: -1,
    ...over,
  };
}
