// The data side of the panel, kept in its worker (webview/worker/): the block cut from the
// loaded array, its statistics, and the last output the core produced for valid parameters
// (which stays when the parameters go bad). No DOM.
import type { NDArray } from '../src/core/types';
import { plan, problemOf, runPool, type Plan, type Problem } from './compute';
import { planeGeom, type PlaneGeom } from './display';
import { extractBlock, type Block } from './layout';
import { computeStats, type Stats } from './stats';
import type { Params } from './state';

export interface Output {
  params: Params;
  plan: Plan;
  /** The block it was pooled from. */
  block: Block;
  /** [planes, ...outSpatial] */
  array: NDArray;
  geom: PlaneGeom;
  stats: Stats;
}

export class PoolModel {
  block: Block | null = null;
  inputGeom: PlaneGeom | null = null;
  inputStats: Stats | null = null;
  out: Output | null = null;
  /** Why the current parameters give no output (empty when they do). */
  problems: Problem[] = [];
  private blockKey = '';
  /** Memory window pooling writes into: the output's when there is one (see outputBuffer). */
  private buffer: Float32Array | Float64Array | null = null;

  reset(): void {
    this.block = this.inputGeom = this.inputStats = this.out = null;
    this.problems = [];
    this.blockKey = '';
    if (this.buffer) release(this.buffer);
    this.buffer = null;
  }

  /** Cuts the block to pool (and its statistics) unless it is the one already cut; true when it changed. */
  ensureBlock(
    data: Float32Array | Float64Array,
    shape: readonly number[],
    spatialAxes: readonly number[],
    indices: readonly number[],
    planeAxis: number | null,
  ): boolean {
    const others = indices.filter((_, a) => !spatialAxes.includes(a) && a !== planeAxis);
    const key = `${spatialAxes}|${others}|${planeAxis}`;
    if (key === this.blockKey && this.block) return false;
    this.block = extractBlock(data, shape, spatialAxes, indices, planeAxis);
    this.blockKey = key;
    this.inputGeom = planeGeom(this.block.spatialShape);
    this.inputStats = computeStats(this.block.array.data);
    return true;
  }

  /**
   * Pools the block with `params`. Problems found while reading the form come first;
   * then the core's. On a problem found before pooling (all of them, in practice) the last good
   * output stays; one the core raised while pooling leaves none. True when a new output was made.
   */
  compute(params: Params, formProblems: Problem[]): boolean {
    const block = this.block;
    if (!block) return false;
    if (formProblems.length > 0) {
      this.problems = formProblems;
      return false;
    }
    const planned = plan(block.array.shape, params);
    if (!planned.ok) {
      this.problems = [planned.problem];
      return false;
    }
    // The output shown is let go before the next one is made, so the worker never holds two:
    // window pooling writes into the same memory (the core checks everything before it writes,
    // and plan() above has already run those checks); adaptive and global pooling allocate, so
    // the memory of the one before (theirs, or the window buffer) is given back first.
    const old = this.out;
    this.out = null;
    if (old && old.array.data.buffer !== this.buffer?.buffer && old.array.data.buffer !== old.block.array.data.buffer) release(old.array.data);
    try {
      const n = planned.plan.outSpatial.reduce((a, b) => a * b, block.planes);
      if (params.kind !== 'window' && this.buffer) {
        release(this.buffer);
        this.buffer = null;
      }
      const reuse = params.kind === 'window' ? this.outputBuffer(block.array.data, n) : undefined;
      const array = runPool(block.array, params, reuse);
      this.out = { params, plan: planned.plan, block, array, geom: planeGeom(planned.plan.outSpatial), stats: computeStats(array.data) };
      this.problems = [];
      return true;
    } catch (e) {
      this.problems = [problemOf(e)];
      return false;
    }
  }

  /** The output buffer kept for reuse (memory accounting). */
  retained(): readonly (Float32Array | Float64Array)[] {
    return this.buffer ? [this.buffer] : [];
  }

  /** The output only links to the input shown if it was pooled from it. */
  linkable(): Output | null {
    return this.out && this.out.block === this.block ? this.out : null;
  }

  /**
   * The one buffer window pooling writes into, reused while it is big enough (touching fresh
   * memory costs more than pooling into it) and of the block's type. It grows to the largest
   * output asked for, and only load (reset) lets it go: a smaller output takes its front.
   */
  private outputBuffer(like: Float32Array | Float64Array, n: number): Float32Array | Float64Array {
    const f32 = like instanceof Float32Array;
    const have = this.buffer;
    if (have && have instanceof Float32Array === f32 && have.length >= n) return have.subarray(0, n);
    // Freed before the new one is allocated: left to the collector, a big buffer can outlive
    // the next allocation (measured: array + 2 outputs at the peak instead of 1).
    if (have) release(have);
    this.buffer = null;
    this.buffer = f32 ? new Float32Array(n) : new Float64Array(n);
    return this.buffer;
  }
}

/**
 * Gives a buffer's memory back at once where the platform can (ArrayBuffer.prototype.transfer,
 * Chromium 114+; elsewhere the collector does it later). Every view of it reads empty afterwards:
 * only for memory nothing else holds.
 */
export function release(view: Float32Array | Float64Array): void {
  const buffer = view.buffer as ArrayBufferLike & { transfer?: (length: number) => ArrayBuffer };
  if (typeof buffer.transfer === 'function') buffer.transfer(0);
}
