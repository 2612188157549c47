import type { ResolvedPool } from '../info.js';
import { PoolingError } from '../types.js';
import type { PoolOptions } from '../types.js';
import { checkInt, checkIntArray, describe } from '../validate.js';
import { ARANGE, expand, inputDtype, inputLine, pyInts, unsupported } from './python.js';
import type { CodeInput } from './python.js';

export interface KerasParams {
  mode: 'max' | 'avg';
  pool_size: number | number[];
  strides?: number | number[] | null;
  padding?: 'valid' | 'same';
}

/** tf.keras.layers.{Max,Average}PoolingND parameters → PoolOptions (strides None means pool_size). */
export function fromKeras(p: KerasParams, spatialDims: number): PoolOptions {
  const d = checkInt(spatialDims, 1, 'spatialDims', 'spatialDims');
  if (p.mode !== 'max' && p.mode !== 'avg') throw new PoolingError(`Keras pools with 'max' or 'avg', got ${describe(p.mode)}`, 'mode');
  const kernel = checkIntArray(expand(p.pool_size, d, 'kernel'), d, 1, 'kernel');
  const stride = p.strides === undefined || p.strides === null ? kernel.slice() : checkIntArray(expand(p.strides, d, 'stride'), d, 1, 'stride');
  const padding = p.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw new PoolingError(`Keras padding is 'valid' or 'same', got ${describe(padding)}`, 'padding');
  }
  const options: PoolOptions = { mode: p.mode, kernel, stride, padding };
  // Keras average pooling never counts padded cells.
  if (p.mode === 'avg') options.countIncludePad = false;
  return options;
}

export function toKerasParams(r: ResolvedPool, padding: PoolOptions['padding']): KerasParams {
  const { info, mode } = r;
  const d = info.kernel.length;
  if (d > 3) throw unsupported('Keras', `pooling over ${d} spatial dims`);
  if (mode !== 'max' && mode !== 'avg' && mode !== 'min') throw unsupported('Keras', `${mode} pooling`);
  if (info.dilation.some((v) => v !== 1)) throw unsupported('Keras', 'dilation in pooling layers');
  if (info.ceilMode) throw unsupported('Keras', 'ceil mode');
  if (r.returnIndices) throw unsupported('Keras', 'returning indices');
  if (r.divisorOverride !== undefined) throw unsupported('Keras', 'divisorOverride');
  let kp: 'valid' | 'same';
  const symmetricTotal = info.padBefore.every((v, i) => v === info.padAfter[i]);
  // 'same-lower' only differs from 'same' when the total padding is odd.
  if (padding === 'same' || (padding === 'same-lower' && symmetricTotal)) kp = 'same';
  else if (padding === undefined || padding === 'valid' || info.padBefore.every((v, i) => v === 0 && info.padAfter[i] === 0)) kp = 'valid';
  else throw unsupported('Keras', `padding ${describe(padding)} (only 'valid' and 'same')`);
  if (mode === 'avg' && r.countIncludePad && info.padBefore.some((v, i) => v + info.padAfter[i]! > 0)) {
    throw unsupported('Keras', 'average pooling that counts padded cells');
  }
  return { mode: mode === 'avg' ? 'avg' : 'max', pool_size: info.kernel.slice(), strides: info.stride.slice(), padding: kp };
}

export function kerasCode(r: ResolvedPool, padding: PoolOptions['padding'], inputShape: readonly number[], input: CodeInput = ARANGE): string {
  const params = toKerasParams(r, padding);
  const d = r.info.kernel.length;
  const layer = `${params.mode === 'max' ? 'MaxPooling' : 'AveragePooling'}${d}D`;
  const spatial = r.info.inSpatial;
  const neg = r.mode === 'min';
  return [
    'import numpy as np',
    'import tensorflow as tf',
    '',
    inputLine('np', inputShape, input),
    '# Keras pools channels-last: (batch, *spatial, channels)',
    `xk = x.reshape(-1, ${spatial.join(', ')}, 1)`,
    `layer = tf.keras.layers.${layer}(pool_size=${pyInts(params.pool_size as number[], false)}, strides=${pyInts(params.strides as number[], false)}, padding='${params.padding}', dtype='${inputDtype(input)}')`,
    ...(neg ? ['# min pooling = -max_pool(-x)', 'yk = -layer(-xk).numpy()'] : ['yk = layer(xk).numpy()']),
    `y = yk.reshape(${pyInts(r.info.outputShape, false)})`,
    'print(y)',
    '',
  ].join('\n');
}
