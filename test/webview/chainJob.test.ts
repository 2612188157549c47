// The worker's chain job (webview/worker/chainJob.ts), run as the worker runs it: load, a
// frame to cut the block, then 'chain'. Its rasters' values are poolChain's, the chain is pooled
// once per block and layers, and patches and cellValues answer for chain0…chainN.
import { describe, expect, it } from 'vitest';
import { chainTrace, poolChain, type ChainLayer } from '../../src/core';
import { levelDepths } from '../../webview/chainCompute';
import { defaultUiState, resizeParams } from '../../webview/state';
import { emptyContext, type WorkerContext } from '../../webview/worker/context';
import { jobs } from '../../webview/worker/jobs';
import type { ChainRequest } from '../../webview/worker/protocol';
import { plainFrameRequest } from './frameRequest';

const LAYERS: ChainLayer[] = [
  { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
  { kind: 'window', options: { mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true } },
];

/** A worker context holding `data` of `shape`, its block cut by one frame over the first `d` axes. */
function loaded(shape: number[], data: Float32Array, d = shape.length): WorkerContext {
  const ctx = emptyContext();
  const copy = data.slice();
  jobs.load(ctx, { buffer: copy.buffer, byteOffset: 0, storage: 'float32', shape });
  const params = resizeParams(
    defaultUiState({ shape, convention: 'pytorch', colormap: 'auto', decimals: 3 }).params,
    shape.slice(0, d).map((_, a) => a),
  );
  jobs.frame(
    ctx,
    plainFrameRequest(
      params,
      shape.map(() => 0),
    ),
  );
  return ctx;
}

function request(layers: ChainLayer[], over: Partial<ChainRequest> = {}): ChainRequest {
  return {
    layers,
    plane: 0,
    depths: new Array<number>(layers.length + 1).fill(0),
    view: { picture: false, colormap: 'auto', decimals: 3 },
    bitDepth: undefined,
    planeAxis: null,
    ...over,
  };
}

const iota = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) - 50);

describe('the chain job', () => {
  it('sends every level’s values as poolChain computes them, and pools once per block and layers', () => {
    const data = iota(256);
    const ctx = loaded([16, 16], data);
    const before = ctx.poolCalls;
    const r = jobs.chain(ctx, request(LAYERS)).result!;
    const expected = poolChain({ shape: [1, 16, 16], data }, LAYERS);
    expect(r.problem).toBeNull();
    expect(r.levels.map((l) => l.shape)).toEqual([[1, 16, 16], ...expected.map((o) => o.shape)]);
    expect(Array.from(r.levels[0]!.raster.values!)).toEqual(Array.from(data));
    for (const [i, o] of expected.entries()) expect(Array.from(r.levels[i + 1]!.raster.values!)).toEqual(Array.from(o.data));
    expect(r.levels.map((l) => l.raster.source)).toEqual(['chain0', 'chain1', 'chain2']);
    expect(r.fields.map((f) => f.outShape)).toEqual(expected.map((o) => o.shape));
    // Small blocks travel whole for Copy as code.
    expect(Array.from(r.values!)).toEqual(Array.from(data));
    expect(ctx.poolCalls).toBe(before + 1);

    // Other colours or depths render again without pooling.
    const again = jobs.chain(ctx, request(LAYERS, { view: { picture: false, colormap: 'gray', decimals: 1 } })).result!;
    expect(ctx.poolCalls).toBe(before + 1);
    expect(again.levels[2]!.raster.frame).toBeGreaterThan(r.levels[2]!.raster.frame);
    // New layers pool again.
    jobs.chain(ctx, request(LAYERS.slice(0, 1)));
    expect(ctx.poolCalls).toBe(before + 2);
  });

  it('answers patches and cellValues for the chain’s levels, and not for a level no longer shown', () => {
    const data = iota(256);
    const ctx = loaded([16, 16], data);
    const r = jobs.chain(ctx, request(LAYERS)).result!;
    const last = r.levels[2]!.raster;
    const patch = jobs.patch(ctx, { source: last.source, frame: last.frame, r0: 1, c0: 1, rows: 2, cols: 2, step: 1 }).result!;
    const v = last.values!;
    expect(Array.from(patch.values!)).toEqual([v[1 * 4 + 1], v[1 * 4 + 2], v[2 * 4 + 1], v[2 * 4 + 2]]);
    expect(jobs.cellValues(ctx, [{ source: last.source, frame: last.frame, r: 3, c: 2 }]).result).toEqual([v[3 * 4 + 2]]);
    // One layer now: chain2 is gone.
    jobs.chain(ctx, request(LAYERS.slice(0, 1)));
    expect(jobs.cellValues(ctx, [{ source: last.source, frame: last.frame, r: 0, c: 0 }]).result).toEqual([null]);
  });

  it('a layer that does not fit: the levels before it, and the problem naming it', () => {
    const ctx = loaded([16, 16], iota(256));
    const tooBig: ChainLayer = { kind: 'window', options: { mode: 'max', kernel: [9, 9], stride: [1, 1], padding: [0, 0], dilation: [1, 1], ceilMode: false } };
    const r = jobs.chain(ctx, request([...LAYERS, tooBig])).result!;
    expect(r.problem?.layer).toBe(3);
    expect(r.levels.length).toBe(3);
  });

  it('3 axes: each level shows the depth feeding the selected cell (levelDepths = chainTrace’s first depth)', () => {
    const shape = [8, 8, 8];
    const data = iota(512);
    const ctx = loaded(shape, data);
    const layers: ChainLayer[] = [
      { kind: 'window', options: { mode: 'max', kernel: [2, 2, 2], stride: [2, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], ceilMode: false } },
      { kind: 'window', options: { mode: 'max', kernel: [2, 2, 2], stride: [2, 2, 2], padding: [0, 0, 0], dilation: [1, 1, 1], ceilMode: false } },
    ];
    const sel = [1, 0, 1];
    const depths = levelDepths([1, ...shape], layers, sel);
    const trace = chainTrace([1, ...shape], layers, layers.length, sel);
    expect(depths).toEqual([trace[0]![0]![0], trace[1]![0]![0], 1]);
    const r = jobs.chain(ctx, request(layers, { depths })).result!;
    const outs = poolChain({ shape: [1, ...shape], data }, layers);
    // Level 1 shows depth depths[1] of a [1, 4, 4, 4] output.
    const d1 = depths[1]!;
    expect(Array.from(r.levels[1]!.raster.values!)).toEqual(Array.from(outs[0]!.data.subarray(d1 * 16, (d1 + 1) * 16)));
    expect(levelDepths([1, ...shape], layers, null)).toEqual([0, 0, 0]);
  });
});
