/**
 * A pooling layer read from the debugger (torch module attributes, Keras get_config()) as the
 * panel's parameters for a given input shape. Pure; throws DebugReadError with a user message
 * when the layer cannot be shown exactly.
 */
import type { Convention, PoolRequest } from '../protocol';
import { DebugReadError } from './errors';
import type { PoolingLayerInfo } from './read';

export type LayerParams = Partial<PoolRequest> & { convention: Convention };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function spatialDims(className: string): number {
  const m = /([123])[dD]$/.exec(className);
  if (!m) throw new DebugReadError(`${className}: cannot tell how many spatial dimensions it pools.`, 'layer');
  return Number(m[1]);
}

/** An int or a list of n ints (torch `_size_any_t`, Keras pool_size) as n ints; `fallback` for None. */
function expand(v: unknown, n: number, name: string, className: string, fallback?: number[]): number[] {
  if ((v === null || v === undefined || (Array.isArray(v) && v.length === 0)) && fallback) return fallback;
  if (isInt(v)) return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every(isInt)) return v.slice();
  throw new DebugReadError(`${className}.${name} is ${JSON.stringify(v)}, which Pooling Lens cannot use (expected an int or ${n} ints).`, 'layer');
}

/** Axes the layer pools for an input of `shape`, checked the way the framework checks it. */
function torchAxes(layer: PoolingLayerInfo, n: number, shape: readonly number[], input: string): number[] {
  if (shape.length !== n + 1 && shape.length !== n + 2) {
    const want = n === 1 ? '[C, L] or [N, C, L]' : n === 2 ? '[C, H, W] or [N, C, H, W]' : '[C, D, H, W] or [N, C, D, H, W]';
    throw new DebugReadError(`${layer.className} takes ${want}; ${input} has shape [${shape.join(', ')}].`, 'layer');
  }
  return Array.from({ length: n }, (_, i) => shape.length - n + i);
}

function kerasAxes(layer: PoolingLayerInfo, n: number, shape: readonly number[], input: string): number[] {
  const first = layer.config.data_format === 'channels_first';
  if (shape.length !== n + 2 && shape.length !== n + 1) {
    const dims = n === 1 ? 'steps' : n === 2 ? 'rows, cols' : 'dim1, dim2, dim3';
    const want = first ? `[batch, channels, ${dims}]` : `[batch, ${dims}, channels]`;
    throw new DebugReadError(
      `${layer.className} (${first ? 'channels_first' : 'channels_last'}) takes ${want}; ${input} has shape [${shape.join(', ')}].`,
      'layer',
    );
  }
  // Without the batch axis (one sample) the spatial axes start at 0 (channels_last) or 1.
  const start = first ? shape.length - n : shape.length === n + 2 ? 1 : 0;
  return Array.from({ length: n }, (_, i) => start + i);
}

export function layerParams(layer: PoolingLayerInfo, inputShape: readonly number[], input = 'the input'): LayerParams {
  const { className, config } = layer;
  const n = spatialDims(className);
  if (layer.framework === 'torch') {
    const spatialAxes = torchAxes(layer, n, inputShape, input);
    const ceilMode = config.ceil_mode === true;
    if (/^Adaptive(Max|Avg)Pool/.test(className)) {
      const size = config.output_size;
      const list = isInt(size) ? new Array<number>(n).fill(size) : Array.isArray(size) && size.length === n ? size : undefined;
      if (!list?.every((v) => v === null || (isInt(v) && v >= 1)))
        throw new DebugReadError(`${className}.output_size is ${JSON.stringify(size)}, which Pooling Lens cannot use.`, 'layer');
      return { convention: 'pytorch', spatialAxes, kind: 'adaptive', mode: className.includes('Max') ? 'max' : 'avg', outputSize: list as (number | null)[] };
    }
    if (/^FractionalMaxPool/.test(className)) {
      throw new DebugReadError(
        `${className} draws its windows at random on every call, so Pooling Lens cannot show the windows this layer uses; open ${input} with Visualize Pooling and choose the parameters.`,
        'layer',
      );
    }
    const kernel = expand(config.kernel_size, n, 'kernel_size', className);
    const stride = expand(config.stride, n, 'stride', className, kernel);
    if (/^MaxPool/.test(className)) {
      return {
        convention: 'pytorch',
        spatialAxes,
        kind: 'window',
        mode: 'max',
        kernel,
        stride,
        padding: expand(config.padding ?? 0, n, 'padding', className),
        dilation: expand(config.dilation ?? 1, n, 'dilation', className),
        ceilMode,
      };
    }
    if (/^AvgPool/.test(className)) {
      const divisor = config.divisor_override;
      return {
        convention: 'pytorch',
        spatialAxes,
        kind: 'window',
        mode: 'avg',
        kernel,
        stride,
        padding: expand(config.padding ?? 0, n, 'padding', className),
        dilation: new Array<number>(n).fill(1),
        ceilMode,
        countIncludePad: config.count_include_pad !== false,
        divisorOverride: isInt(divisor) ? divisor : null,
      };
    }
    if (/^LPPool/.test(className)) {
      const p = Number(config.norm_type);
      if (!Number.isFinite(p) || p <= 0)
        throw new DebugReadError(`${className}.norm_type is ${String(config.norm_type)}, which Pooling Lens cannot use.`, 'layer');
      return {
        convention: 'pytorch',
        spatialAxes,
        kind: 'window',
        mode: 'lp',
        p,
        kernel,
        stride,
        padding: new Array<number>(n).fill(0),
        dilation: new Array<number>(n).fill(1),
        ceilMode,
      };
    }
  } else {
    const spatialAxes = kerasAxes(layer, n, inputShape, input);
    const max = /Max/.test(className);
    if (/^Global/.test(className)) return { convention: 'keras', spatialAxes, kind: 'global', mode: max ? 'max' : 'avg' };
    if (/Pooling[123]D$/.test(className)) {
      const kernel = expand(config.pool_size, n, 'pool_size', className);
      const padding = config.padding === 'same' ? 'same' : config.padding === 'valid' || config.padding === undefined ? 'valid' : undefined;
      if (!padding) throw new DebugReadError(`${className}.padding is ${JSON.stringify(config.padding)}; Keras knows 'valid' and 'same'.`, 'layer');
      return {
        convention: 'keras',
        spatialAxes,
        kind: 'window',
        mode: max ? 'max' : 'avg',
        kernel,
        stride: expand(config.strides, n, 'strides', className, kernel),
        padding,
        dilation: new Array<number>(n).fill(1),
        ceilMode: false,
        countIncludePad: false,
      };
    }
  }
  throw new DebugReadError(`${className} is not a pooling layer Pooling Lens knows.`, 'layer');
}
