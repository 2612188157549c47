// A PoolRequest as the core's PoolOptions: the one translation every caller uses (panel,
// export, copy as code, hover), so what is shown and what is written cannot drift apart.
import { conventionDefaults, type Convention } from '../core/conventions.js';
import type { PoolOptions } from '../core/types.js';
import type { PoolRequest } from '../protocol.js';

/**
 * The stride the core gets: the explicit one, else the convention's default (the kernel for
 * PyTorch and Keras, 1 for ONNX). Without a convention a null stride stays null: the core's
 * default, the kernel.
 */
export function effectiveStride(req: Pick<PoolRequest, 'stride' | 'kernel'>, convention?: Convention): number[] | null {
  if (req.stride) return req.stride.slice();
  if (convention === undefined) return null;
  return conventionDefaults(convention).strideDefault === 'kernel' ? req.kernel.slice() : req.kernel.map(() => 1);
}

/**
 * Options for the core's `pool`. Options a mode does not use are left out, so the core's own
 * default applies: LP pooling in particular never gets `countIncludePad` (its window sum counts
 * padding as zeros whatever the convention says about averages).
 */
export function toPoolOptions(req: PoolRequest, convention?: Convention): PoolOptions {
  const options: PoolOptions = {
    mode: req.mode,
    kernel: req.kernel.slice(),
    padding:
      typeof req.padding === 'string' ? req.padding : (req.padding.map((x) => (Array.isArray(x) ? ([x[0], x[1]] as const) : x)) as PoolOptions['padding']),
    dilation: req.dilation.slice(),
    ceilMode: req.ceilMode,
  };
  const stride = effectiveStride(req, convention);
  if (stride !== null) options.stride = stride;
  if (req.mode === 'avg') {
    options.countIncludePad = req.countIncludePad;
    if (req.divisorOverride !== null) options.divisorOverride = req.divisorOverride;
  }
  if (req.mode === 'lp') options.p = req.p;
  return options;
}
