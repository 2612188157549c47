// The worker's loading jobs: a whole array handed over in one piece ('load'), or a large one
// put together from the chunks the host posts ('loadBegin', then 'loadChunk' per chunk, see
// src/chunks.ts). The chunked array is preallocated at once, so the rows that arrived can be
// drawn (bandJob.ts) while the rest is on its way.
import { ChunkAssembler } from '../../src/chunks';
import { release } from '../model';
import type { Arriving, WorkerContext } from './context';
import type { Jobs } from './protocol';

type Args<K extends keyof Jobs> = Jobs[K]['args'];

/** Makes `data` the array every later job works on, forgetting everything cut or pooled from the last one. */
function setArray(ctx: WorkerContext, data: Float32Array | Float64Array, shape: readonly number[]): void {
  ctx.data = data;
  ctx.shape = shape.slice();
  ctx.model.reset();
  ctx.poolKey = '';
  ctx.inputKey = '';
  ctx.sources.clear();
  ctx.chain = null;
  ctx.arriving = null;
}

function count(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function loadJob(ctx: WorkerContext, a: Args<'load'>): { result: null } {
  // The UI thread handed the buffer over: this is the webview's only copy of the array.
  const n = count(a.shape);
  setArray(ctx, a.storage === 'float32' ? new Float32Array(a.buffer, a.byteOffset, n) : new Float64Array(a.buffer, a.byteOffset, n), a.shape);
  return { result: null };
}

export function loadBeginJob(ctx: WorkerContext, a: Args<'loadBegin'>): { result: null } {
  const assembler = new ChunkAssembler({ loadId: a.loadId, totalBytes: a.totalBytes, chunkCount: a.chunkCount });
  const n = count(a.shape);
  const buffer = assembler.bytes.buffer as ArrayBuffer;
  setArray(ctx, a.storage === 'float32' ? new Float32Array(buffer, 0, n) : new Float64Array(buffer, 0, n), a.shape);
  ctx.arriving = { loadId: a.loadId, assembler, range: a.range, band: null };
  return { result: null };
}

/** Copies one chunk in (the webview's one copy of the array, made a chunk at a time); null when its load was abandoned. */
export function loadChunkJob(ctx: WorkerContext, a: Args<'loadChunk'>): { result: Jobs['loadChunk']['result'] } {
  const arriving = ctx.arriving;
  if (!arriving || arriving.loadId !== a.loadId) return { result: null };
  try {
    const last = arriving.assembler.add(a.index, a.offset, a.bytes);
    if (a.range !== undefined) arriving.range = a.range;
    if (last) {
      // The full frame pools into the model's own output: the band's goes now, not when the collector
      // gets to it (left, it overlapped the full frame's output: array + 2 outputs at the peak).
      dropBand(arriving);
      ctx.arriving = null;
    }
    return { result: { received: arriving.assembler.receivedBytes, complete: last } };
  } catch (e) {
    dropBand(arriving);
    ctx.arriving = null;
    throw e;
  }
}

function dropBand(arriving: Arriving): void {
  if (arriving.band) release(arriving.band.out);
  arriving.band = null;
}

/** The UI thread gave up on a load (a newer one, a lost chunk): its rows are no use. */
export function loadAbandonJob(ctx: WorkerContext, a: Args<'loadAbandon'>): { result: null } {
  if (ctx.arriving?.loadId === a.loadId) setArray(ctx, new Float32Array(0), [0]);
  return { result: null };
}
