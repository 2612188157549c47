// The export request the host tests send: 2×2 max, stride 2, over the last two axes of a 2-D array.
import type { PoolRequest } from '../../src/protocol';

export function maxRequest(overrides: Partial<PoolRequest> = {}): PoolRequest {
  return {
    spatialAxes: [0, 1],
    kind: 'window',
    mode: 'max',
    kernel: [2, 2],
    stride: [2, 2],
    padding: [0, 0],
    dilation: [1, 1],
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: null,
    p: 2,
    outputSize: [],
    ...overrides,
  };
}
