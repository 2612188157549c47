// What the UI thread knows of the data on screen: the block's and the output's shapes, plans
// and statistics as the worker last reported them (webview/worker/frameJob.ts). No values
// beyond a small sample: the arrays stay in the worker. No DOM.
import type { WebviewMessage } from '../src/protocol';
import type { Problem } from './compute';
import type { PixelModes, PlaneGeom } from './display';
import type { Stats } from './stats';
import type { BlockInfo, FrameResult, OutputInfo } from './worker/protocol';

export class ShownModel {
  block: BlockInfo | null = null;
  inputGeom: PlaneGeom | null = null;
  inputStats: Stats | null = null;
  out: OutputInfo | null = null;
  modes: PixelModes | null = null;
  /** Why the current parameters give no output (empty when they do). */
  problems: Problem[] = [];
  /** Counts frames taken: what the worker links to changes with each. */
  version = 0;

  /** Takes a frame's report; true when the output is a new one. */
  apply(f: FrameResult): boolean {
    const changed = f.out !== null && (this.out === null || f.out.params !== this.out.params);
    this.block = f.block;
    this.inputGeom = f.inputGeom;
    this.inputStats = f.inputStats;
    this.out = f.out;
    this.modes = f.modes;
    this.problems = f.problems;
    this.version++;
    return changed;
  }

  /** The output only links to the input shown if it was pooled from it. */
  linkable(): OutputInfo | null {
    return this.out && this.block && this.out.blockKey === this.block.key ? this.out : null;
  }

  /** The output's shape in the input's axis order (spatial sizes replaced). */
  fullOutputShape(shape: readonly number[]): number[] | null {
    const out = this.out;
    if (!out) return null;
    const axes = out.params.spatialAxes;
    return shape.map((n, a) => {
      const i = axes.indexOf(a);
      return i >= 0 ? out.plan.outSpatial[i]! : n;
    });
  }

  /** The `rendered` report: shapes, the first ≤ 4096 values of the output plane shown, the error. */
  rendered(shape: readonly number[]): Extract<WebviewMessage, { type: 'rendered' }> {
    const error = this.problems.length ? this.problems.map((p) => p.message).join(' ') : null;
    return { type: 'rendered', input: shape.slice(), output: this.fullOutputShape(shape), outputSample: this.out?.sample.slice() ?? [], error };
  }
}
