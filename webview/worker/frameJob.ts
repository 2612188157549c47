// The frame job: cut the block shown, its statistics, pool it (src/request, the path export
// and copy use: the same bits), pick the colours and render both grids' rasters. The block and
// the output are cached, so a colour or depth change re-renders without pooling again.
import { releaseScratch, retainedScratchBytes } from '../../src/core';
import { pixelModes, planeGeom } from '../display';
import type { WorkerContext } from './context';
import type { FrameRequest, FrameResult, OutputInfo } from './protocol';
import { renderRaster, transferablesOf, type PlaneSource } from './raster';

/** The core's retained temporaries the worker leaves it (its band-sized work rows are far below). */
const SCRATCH_KEEP_BYTES = 8 * 2 ** 20;

export function frameJob(ctx: WorkerContext, req: FrameRequest): { result: FrameResult; transfer: ArrayBuffer[] } {
  const { model } = ctx;
  ctx.frames++;
  if (model.ensureBlock(ctx.data, ctx.shape, req.spatialAxes, req.indices, req.planeAxis)) {
    ctx.poolKey = '';
    // The Chain view's layers were pooled from the old block: asked again (for the new block)
    // when it is shown, so its outputs need not stay meanwhile.
    ctx.chain = null;
    for (const name of ctx.sources.keys()) if (name.startsWith('chain')) ctx.sources.delete(name);
  }
  const block = model.block!;
  const blockKey = blockKeyOf(req);
  const poolKey = `${blockKey}#${JSON.stringify(req.params)}`;
  if (req.inputOnly) {
    // Nothing pooled: the output (if any) is left for the full frame that follows.
  } else if (req.formProblems.length > 0) model.compute(req.params, req.formProblems);
  else if (poolKey !== ctx.poolKey || model.problems.length > 0 || !model.out) {
    if (POOLING_LENS_TEST_HOOKS && ctx.frameDelayMs > 0) {
      // Test builds only: a slow pooling, so a newer request overtakes this one.
      const until = performance.now() + ctx.frameDelayMs;
      while (performance.now() < until);
    }
    ctx.poolCalls++;
    // What was drawn of the old output goes with it (the new one is pooled into its memory);
    // Compare's columns were pooled with the old parameters and are made again when shown.
    for (const name of ctx.sources.keys()) if (name === 'output' || name.startsWith('compare:')) ctx.sources.delete(name);
    if (model.compute(req.params, [])) ctx.poolKey = poolKey;
    // min and LP pooling borrow an input-sized temporary that the core keeps for its next call:
    // the panel pools again only when a parameter changes, so it gives big ones back.
    if (retainedScratchBytes() > SCRATCH_KEEP_BYTES) releaseScratch();
  }
  const frame = ++ctx.frame;
  const modes = pixelModes({
    picture: req.view.picture,
    rgbPlanes: req.planeAxis !== null ? block.planes : 0,
    bitDepth: req.bitDepth,
    colormap: req.view.colormap,
    decimals: req.view.decimals,
    input: model.inputStats!,
    output: model.out?.stats ?? null,
  });
  // The input's raster is sent again only when it changed or the UI thread lacks it (a reply
  // it dropped as stale may have carried it).
  const inputKey = `${blockKey}|${JSON.stringify(modes.input)}|${req.view.depth}|${req.valuePlane}`;
  const shown = ctx.sources.get('input');
  let input = null;
  const transfer: ArrayBuffer[] = [];
  if (!shown || shown.frame !== req.haveInput || ctx.inputKey !== inputKey) {
    const inputSource: PlaneSource = {
      source: 'input',
      frame,
      data: block.array.data,
      geom: model.inputGeom!,
      depth: req.view.depth,
      mode: modes.input,
      valuePlane: req.valuePlane,
    };
    ctx.sources.set('input', inputSource);
    ctx.inputKey = inputKey;
    input = renderRaster(inputSource);
    transfer.push(...transferablesOf(input));
  }
  const o = req.inputOnly ? null : model.out;
  let out: OutputInfo | null = null;
  let output = null;
  if (o && modes.output) {
    const valuePlane = Math.min(req.valuePlane, o.block.planes - 1);
    const outputSource: PlaneSource = { source: 'output', frame, data: o.array.data, geom: o.geom, depth: req.view.outDepth, mode: modes.output, valuePlane };
    ctx.sources.set('output', outputSource);
    output = renderRaster(outputSource);
    transfer.push(...transferablesOf(output));
    const start = valuePlane * o.geom.planeSize;
    out = {
      params: o.params,
      plan: o.plan,
      blockKey: o.block === block ? blockKey : `${blockKey}~old`,
      planes: o.block.planes,
      geom: o.geom,
      stats: o.stats,
      sample: Array.from(o.array.data.subarray(start, start + Math.min(4096, o.geom.planeSize))),
    };
  } else ctx.sources.delete('output');
  const result: FrameResult = {
    block: { key: blockKey, shape: block.array.shape.slice(), planes: block.planes, spatialShape: block.spatialShape.slice(), planeAxis: block.planeAxis },
    inputGeom: model.inputGeom ?? planeGeom(block.spatialShape),
    inputStats: model.inputStats!,
    out,
    problems: model.problems,
    modes,
    input,
    output,
  };
  return { result, transfer };
}

function blockKeyOf(req: FrameRequest): string {
  const others = req.indices.filter((_, a) => !req.spatialAxes.includes(a) && a !== req.planeAxis);
  return `${req.spatialAxes}|${others}|${req.planeAxis}`;
}
