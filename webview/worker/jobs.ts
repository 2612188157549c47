// The worker's job table: one function per job name, each taking the worker's context and the
// job's arguments and returning its result (and the buffers to hand over instead of copying).
// A new job is one more entry here and in protocol.ts's Jobs.
import { sliceOffset } from '../display';
import { valuesText } from '../requests';
import { bandJob } from './bandJob';
import { chainJob } from './chainJob';
import { compareJob } from './compareJob';
import type { WorkerContext } from './context';
import { frameJob } from './frameJob';
import { heldBuffers } from './held';
import { linkJob } from './linkJob';
import { loadAbandonJob, loadBeginJob, loadChunkJob, loadJob } from './loadJobs';
import type { JobName, Jobs } from './protocol';
import { renderPatch, transferablesOf } from './raster';

export interface JobOutcome<R> {
  result: R;
  transfer?: ArrayBuffer[];
}

export type JobTable = { [K in JobName]: (ctx: WorkerContext, args: Jobs[K]['args']) => JobOutcome<Jobs[K]['result']> };

export const jobs: JobTable = {
  load: loadJob,
  loadBegin: loadBeginJob,
  loadChunk: loadChunkJob,
  loadAbandon: loadAbandonJob,
  band: bandJob,
  frame: frameJob,
  patch: (ctx, req) => {
    const s = ctx.sources.get(req.source);
    // A patch of a plane that is no longer shown is stale: the grid asks again for the new one.
    if (!s || s.frame !== req.frame) return { result: null };
    const patch = renderPatch(s, req);
    return { result: patch, transfer: transferablesOf(patch) };
  },
  link: linkJob,
  copyValues: (ctx, a) => {
    const out = ctx.model.out;
    if (!out) return { result: null };
    const plane = Math.min(a.plane, out.block.planes - 1);
    return { result: { text: valuesText(out.array.data, out.geom, plane, a.maxChars), planeSize: out.geom.planeSize } };
  },
  compare: compareJob,
  chain: chainJob,
  cellValues: (ctx, cells) => ({
    result: cells.map(({ source, frame, r, c }) => {
      const s = ctx.sources.get(source);
      if (!s || s.frame !== frame || r < 0 || c < 0 || r >= s.geom.rows || c >= s.geom.cols) return null;
      return s.data[sliceOffset(s.geom, s.valuePlane, s.depth) + r * s.geom.cols + c] ?? null;
    }),
  }),
  testHooks: (ctx, a) => {
    if (!POOLING_LENS_TEST_HOOKS) throw new Error('Test hooks are not in this build.');
    if (a.frameDelayMs !== undefined) ctx.frameDelayMs = a.frameDelayMs;
    return { result: { poolCalls: ctx.poolCalls, frames: ctx.frames, held: heldBuffers(ctx) } };
  },
};
