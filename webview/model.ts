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
  private buffers: (Float32Array | Float64Array)[] = [];

  reset(): void {
    this.block = this.inputGeom = this.inputStats = this.out = null;
    this.problems = [];
    this.blockKey = '';
    this.buffers = [];
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
   * then the core's. On a problem the last good output stays. True when a new output was made.
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
    try {
      const n = planned.plan.outSpatial.reduce((a, b) => a * b, block.planes);
      const array = runPool(block.array, params, this.spare(block.array.data, n));
      this.out = { params, plan: planned.plan, block, array, geom: planeGeom(planned.plan.outSpatial), stats: computeStats(array.data) };
      this.problems = [];
      return true;
    } catch (e) {
      this.problems = [problemOf(e)];
      return false;
    }
  }

  /** The output only links to the input shown if it was pooled from it. */
  linkable(): Output | null {
    return this.out && this.out.block === this.block ? this.out : null;
  }

  /**
   * Memory for the next output that is not the one on screen (two alternate), grown as
   * needed and reused: touching fresh memory costs more than pooling into it.
   */
  private spare(like: Float32Array | Float64Array, n: number): Float32Array | Float64Array {
    const shown = this.out?.array.data.buffer;
    const f32 = like instanceof Float32Array;
    let i = this.buffers.findIndex((b) => b.buffer !== shown && b instanceof Float32Array === f32 && b.length >= n);
    if (i < 0) {
      const fresh = f32 ? new Float32Array(n) : new Float64Array(n);
      i = this.buffers.findIndex((b) => b.buffer !== shown);
      if (i < 0) i = this.buffers.push(fresh) - 1;
      else this.buffers[i] = fresh;
    }
    return this.buffers[i]!.subarray(0, n);
  }
}
