// The panel's calls into the pooling core, through the request module (src/request) that the
// export, copy and hover use too: check parameters (the core's own errors, naming the
// parameter), plan the output shape and window geometry, and pool.
import { PoolingError } from '../src/core/types';
import type { NDArray } from '../src/core/types';
import type { Convention } from '../src/protocol';
import { requestCode, requestInfo, runRequest, type FormulaLine, type RequestGeometry } from '../src/request';
import type { Params } from './state';

export { axisNames } from '../src/request';
export type { FormulaLine } from '../src/request';

export interface Problem {
  message: string;
  /** The parameter at fault (the core's PoolingError.parameter), or null when it is not one control's. */
  parameter: string | null;
  /** The spatial axis at fault when the parameter has one control per axis (else all are flagged). */
  axis?: number;
}

export interface Plan {
  outSpatial: number[];
  geometry: RequestGeometry;
  formula: FormulaLine[];
}

export type Planned = { ok: true; plan: Plan } | { ok: false; problem: Problem };

export function problemOf(e: unknown): Problem {
  if (e instanceof PoolingError) return { message: e.message, parameter: e.parameter ?? null };
  return { message: e instanceof Error ? e.message : String(e), parameter: null };
}

/**
 * Checks `params` against a block of shape [planes, ...spatial] and works out what
 * pooling it will produce, without pooling.
 */
export function plan(blockShape: readonly number[], params: Params): Planned {
  try {
    const info = requestInfo(blockShape, params, params.convention);
    return { ok: true, plan: { outSpatial: info.outSpatial, formula: info.formula, geometry: info.geometry } };
  } catch (e) {
    return { ok: false, problem: problemOf(e) };
  }
}

/**
 * Pools a [planes, ...spatial] block; throws the core's PoolingError on bad parameters.
 * `reuse` is memory the window pooling may write into (fresh memory is slow to touch).
 */
export function runPool(block: NDArray, params: Params, reuse?: Float32Array | Float64Array): NDArray {
  return runRequest(block, params, reuse ? { convention: params.convention, reuse } : { convention: params.convention });
}

/** The parameters as code for a framework (copy as code). */
export function codeFor(params: Params, convention: Convention, blockShape: readonly number[]): string {
  return requestCode(params, convention, blockShape, params.convention);
}

/**
 * What the chosen convention's framework cannot express of `params` (e.g. PyTorch's
 * avg_pool has no dilation), at the control it concerns; null when its code exists. The
 * panel still computes such a pooling; this says so where the parameter is set.
 */
export function conventionGap(params: Params, blockShape: readonly number[]): Problem | null {
  try {
    codeFor(params, params.convention, blockShape);
    return null;
  } catch (e) {
    const { message } = problemOf(e);
    const named = /\b(dilation|padding|divisor_override|ceil)/.exec(message)?.[1];
    const parameter = named === 'divisor_override' ? 'divisorOverride' : named === 'ceil' ? 'ceilMode' : (named ?? 'convention');
    return { message, parameter };
  }
}
