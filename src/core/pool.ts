import { resolvePool } from './info.js';
import type { ResolvedPool } from './info.js';
import { avgDivisor, SUM_DIVISOR } from './kernels/divisor.js';
import { runKernel } from './kernels/dispatch.js';
import { kernelVolume, makePlan } from './kernels/plan.js';
import type { Plan } from './kernels/plan.js';
import { scratchF32, scratchF64, scratchLike } from './kernels/scratch.js';
import type { Arr } from './kernels/types.js';
import { lpPower, lpRoot } from './lp.js';
import { PoolingError } from './types.js';
import type { NDArray, PoolOptions, PoolResult } from './types.js';
import { checkArray } from './validate.js';

/** Optional memory to reuse: output must have the input's element type; longer buffers are fine. */
export interface PoolBuffers {
  output?: Float32Array | Float64Array;
  indices?: Int32Array;
}

/**
 * Pools the last `options.kernel.length` dims of `input` with PyTorch's semantics.
 * max/min: NaN wins (last NaN's index), ties keep the first cell, padding is never chosen; a window
 * with no input cell (only with dilation or 'same' padding) gives −inf (min: +inf) and index −1.
 * avg: torch's divisor rules; sum: the window sum; lp: nn.LPPool (p = ∞ gives max |x|).
 */
export function pool(input: NDArray, options: PoolOptions, out?: PoolBuffers): PoolResult {
  checkArray(input);
  const r = resolvePool(input.shape, options);
  const plan = makePlan(r.info);
  const n = plan.planes * plan.outPlane;
  const output = takeOutput(out?.output, input.data, n);
  const indices = r.returnIndices ? takeIndices(out?.indices, n) : null;
  runMode(r, plan, input.data, output, indices);
  const result: PoolResult = { output: { shape: r.info.outputShape, data: output } };
  if (indices !== null) result.indices = indices;
  return result;
}

function runMode(r: ResolvedPool, plan: Plan, src: Arr, output: Arr, indices: Int32Array | null): void {
  const f32 = src instanceof Float32Array && r.accumulate === 'torch';
  switch (r.mode) {
    case 'max':
      runKernel({ kind: 'max', plan, src, dst: output, idx: indices });
      return;
    case 'min': {
      // min is −max(−x): the same rule on negated values (ties first, NaN wins, ±0 kept).
      const neg = scratchLike(src, 'd', src.length);
      for (let i = 0; i < src.length; i++) neg[i] = -src[i]!;
      runKernel({ kind: 'max', plan, src: neg, dst: output, idx: indices });
      for (let i = 0; i < output.length; i++) output[i] = -output[i]!;
      return;
    }
    case 'avg':
      runKernel({ kind: 'sum', plan, src, dst: output, div: avgDivisor(r.countIncludePad, r.divisorOverride), f32 });
      return;
    case 'sum':
      runKernel({ kind: 'sum', plan, src, dst: output, div: SUM_DIVISOR, f32 });
      return;
    case 'lp':
      runLp(r, plan, src, output, f32);
      return;
  }
}

/**
 * nn.LPPool: (avg_pool(x^p) · kernel volume)^(1/p), no abs, partial ceil windows scaled by
 * k/count; any non-zero p (p = -1: (Σ x⁻¹)⁻¹). torch passes the average through
 * sign(a)·relu(|a|), which turns -0 into +0: that decides 0^(1/p) = +∞ or -∞ for negative p.
 * torch computes in the tensor's dtype, so with f32 every step rounds to float32.
 * p = ∞: max |x| (torch returns 1.0 there, a bug we do not copy); a window with no input cell
 * gives 0, like an empty sum.
 */
function runLp(r: ResolvedPool, plan: Plan, src: Arr, output: Arr, f32: boolean): void {
  const p = r.p;
  if (p === Infinity) {
    const abs = scratchLike(src, 'd', src.length);
    for (let i = 0; i < src.length; i++) abs[i] = Math.abs(src[i]!);
    runKernel({ kind: 'max', plan, src: abs, dst: output, idx: null });
    for (let i = 0; i < output.length; i++) if (output[i] === -Infinity) output[i] = 0;
    return;
  }
  const pw = f32 ? scratchF32('d', src.length) : scratchF64('d', src.length);
  for (let i = 0; i < src.length; i++) pw[i] = lpPower(src[i]!, p, f32);
  const avg = f32 || output instanceof Float64Array ? output : scratchF64('e', output.length);
  runKernel({ kind: 'sum', plan, src: pw, dst: avg, div: avgDivisor(r.countIncludePad, undefined), f32 });
  const kvol = kernelVolume(plan);
  const scale = f32 ? Math.fround(kvol) : kvol;
  for (let i = 0; i < output.length; i++) {
    const a = f32 ? Math.fround((avg[i]! + 0) * scale) : (avg[i]! + 0) * scale;
    output[i] = lpRoot(a, p, f32);
  }
}

function takeOutput(given: Arr | undefined, like: Arr, n: number): Arr {
  if (given === undefined) return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const sameType = like instanceof Float32Array ? given instanceof Float32Array : given instanceof Float64Array;
  if (!sameType) {
    throw new PoolingError(`out.output must be a ${like.constructor.name} like the input, got ${given.constructor.name}`, 'out');
  }
  if (given.length < n) throw new PoolingError(`out.output holds ${given.length} values but the output needs ${n}`, 'out');
  if (overlaps(given, like)) throw new PoolingError('out.output must not share memory with the input', 'out');
  return given.length === n ? given : given.subarray(0, n);
}

function takeIndices(given: Int32Array | undefined, n: number): Int32Array {
  if (given === undefined) return new Int32Array(n);
  if (!(given instanceof Int32Array)) throw new PoolingError('out.indices must be an Int32Array', 'out');
  if (given.length < n) throw new PoolingError(`out.indices holds ${given.length} values but the output needs ${n}`, 'out');
  return given.length === n ? given : given.subarray(0, n);
}

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
