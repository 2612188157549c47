// The chain job: every layer of the Chain view pooled on the block shown (computeChain, the
// same pure call the tests check against poolChain), kept while the block and the layers hold,
// so moving the selection or changing colours only renders again. Sends one raster per level
// (the input, then each layer's output) and the fields; the outputs stay here for patches.
import { computeChain } from '../chainCompute';
import { pixelModes, planeGeom, type PixelMode } from '../display';
import type { WorkerContext } from './context';
import type { ChainRequest, ChainResultView, Raster } from './protocol';
import { renderRaster, transferablesOf } from './raster';

/** Blocks up to this many values travel with the result, for Copy as code to paste them. */
const CODE_VALUES_MAX = 4096;

export function chainJob(ctx: WorkerContext, req: ChainRequest): { result: ChainResultView | null; transfer?: ArrayBuffer[] } {
  const block = ctx.model.block;
  const inputStats = ctx.model.inputStats;
  if (!block || !inputStats) return { result: null };
  const key = JSON.stringify(req.layers);
  if (!ctx.chain || ctx.chain.block !== block.array || ctx.chain.key !== key) {
    ctx.poolCalls++;
    ctx.chain = { block: block.array, key, result: computeChain({ data: block.array.data, shape: block.array.shape.slice(), layers: req.layers }) };
  }
  const { result } = ctx.chain;
  const modes = pixelModes({
    picture: req.view.picture,
    rgbPlanes: req.planeAxis !== null ? block.planes : 0,
    bitDepth: req.bitDepth,
    colormap: req.view.colormap,
    decimals: req.view.decimals,
    input: inputStats,
    output: result.outputs.length ? result.stats : null,
  });
  const frame = ++ctx.frame;
  const transfer: ArrayBuffer[] = [];
  const level = (index: number, shape: readonly number[], data: Float32Array | Float64Array, mode: PixelMode): { shape: number[]; raster: Raster } => {
    const source = {
      source: `chain${index}`,
      frame,
      data,
      geom: planeGeom(shape.slice(1)),
      depth: req.depths[index] ?? 0,
      mode,
      valuePlane: Math.min(req.plane, Math.max(0, (shape[0] ?? 1) - 1)),
    };
    ctx.sources.set(source.source, source);
    const raster = renderRaster(source);
    transfer.push(...transferablesOf(raster));
    return { shape: shape.slice(), raster };
  };
  const levels = [level(0, block.array.shape, block.array.data, modes.input)];
  const output = modes.output;
  if (output) for (const [i, o] of result.outputs.entries()) levels.push(level(i + 1, o.shape, o.data, output));
  // Levels no longer shown (fewer layers now) must not answer patches for their old plane.
  for (let i = levels.length; ctx.sources.has(`chain${i}`); i++) ctx.sources.delete(`chain${i}`);
  const data = block.array.data;
  const values = data.length <= CODE_VALUES_MAX ? data.slice() : null;
  if (values) transfer.push(values.buffer as ArrayBuffer);
  return {
    result: {
      blockShape: block.array.shape.slice(),
      dtype: data instanceof Float32Array ? 'float32' : 'float64',
      values,
      levels,
      fields: result.fields,
      stats: result.stats,
      problem: result.problem,
      plane: req.plane,
      depths: req.depths.slice(),
      decimals: req.view.decimals,
    },
    transfer,
  };
}
