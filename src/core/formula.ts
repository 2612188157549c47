import { ceilDropped, resolvePool } from './info.js';
import type { PoolOptions } from './types.js';

export interface SizeFormula {
  dim: number;
  text: string;
  value: number;
}

/**
 * The output-size formula of every spatial dim with the numbers filled in, e.g.
 * "floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2"; 'same' padding: "ceil(5 / 2) = 3".
 * dim counts spatial dims from 0.
 */
export function outputSizeFormula(inputShape: readonly number[], options: PoolOptions): SizeFormula[] {
  const { info } = resolvePool(inputShape, options);
  const auto = options.padding === 'same' || options.padding === 'same-lower';
  return info.inSpatial.map((L, dim) => {
    const k = info.kernel[dim]!;
    const s = info.stride[dim]!;
    const d = info.dilation[dim]!;
    const pb = info.padBefore[dim]!;
    const pa = info.padAfter[dim]!;
    const value = info.outSpatial[dim]!;
    if (auto) return { dim, text: `ceil(${L} / ${s}) = ${value}`, value };
    const inner = `${L} + ${pb} + ${pa} − ${d}·(${k} − 1) − 1`;
    if (!info.ceilMode) return { dim, text: `floor((${inner}) / ${s}) + 1 = ${value}`, value };
    if (!ceilDropped(L, k, s, d, pb, pa)) return { dim, text: `ceil((${inner}) / ${s}) + 1 = ${value}`, value };
    const raw = value + 1;
    const lastStart = (raw - 1) * s - pb;
    return {
      dim,
      text:
        `ceil((${inner}) / ${s}) + 1 − 1 = ${value} ` +
        `(window ${raw} would start at ${raw - 1}·${s} − ${pb} = ${lastStart}, in the right padding (≥ ${L}), so ceil mode drops it)`,
      value,
    };
  });
}
