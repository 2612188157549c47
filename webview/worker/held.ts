// What the worker keeps between jobs, buffer by buffer: the ledger behind the memory figures of
// issue 14 (webview side ≤ the array + one output). Each ArrayBuffer reachable from the job
// table's context is counted once, under the first name that reaches it. Pure (reads only).
import { retainedScratchBytes } from '../../src/core';
import type { WorkerContext } from './context';
import type { HeldBuffer } from './protocol';

export type { HeldBuffer };

export function heldBuffers(ctx: WorkerContext): HeldBuffer[] {
  const seen = new Set<ArrayBufferLike>();
  const held: HeldBuffer[] = [];
  const add = (name: string, view: ArrayBufferView | null | undefined) => {
    if (!view || seen.has(view.buffer) || view.buffer.byteLength === 0) return;
    seen.add(view.buffer);
    held.push({ name, bytes: view.buffer.byteLength });
  };
  add('array', ctx.data);
  const { model } = ctx;
  add('block', model.block?.array.data);
  add('output', model.out?.array.data);
  for (const b of model.retained()) add('spare output', b);
  for (const [name, s] of ctx.sources) add(`source:${name}`, s.data);
  if (ctx.chain) {
    add('chain', ctx.chain.block.data);
    for (const o of ctx.chain.result.outputs) add('chain', o.data);
  }
  // A chunked load still arriving pools its band rows into an output of its own.
  add('band output', ctx.arriving?.band?.out);
  const scratch = retainedScratchBytes();
  if (scratch > 0) held.push({ name: 'core scratch', bytes: scratch });
  return held;
}

/** Total bytes of heldBuffers. */
export function heldBytes(ctx: WorkerContext): number {
  return heldBuffers(ctx).reduce((n, b) => n + b.bytes, 0);
}
