/** The pure parts of the debugger entry points: expressions at the cursor and from menus, layers as parameters, headers. */
import { describe, expect, it } from 'vitest';
import { DebugReadError, layerParams } from '../../src/debug';
import type { PoolingLayerInfo } from '../../src/debug';
import { expressionAt, menuExpression } from '../../src/extension/debug/expressionAt';
import { debugHeader, debugKey, debugTitle, forPanel } from '../../src/extension/debug/present';

describe('expressionAt', () => {
  const at = (text: string, cursor = text.indexOf('|')) => expressionAt(text.replace('|', ''), cursor, cursor);
  it.each([
    ['y = mod|el.pool1(x)', 'model'], // as VS Code's debug hover: the chain up to the name under the cursor
    ['y = model.po|ol1(x)', 'model.pool1'],
    ['f(bat|ch["x"][0:2], 3)', 'batch["x"][0:2]'],
    ['   |x', 'x'],
    ['x|', 'x'],
    ['1 + |', undefined],
    ['3.5|', undefined],
  ])('%s -> %s', (text, want) => expect(at(text)).toBe(want));
  it('a selection wins', () => expect(expressionAt('a = t[0] + 1', 4, 8)).toBe('t[0]'));
});

describe('menuExpression', () => {
  it('takes the Variables view’s evaluateName, then the name, then a Watch expression', () => {
    expect(menuExpression({ container: {}, variable: { name: 'pool1', evaluateName: 'model.pool1' } })).toBe('model.pool1');
    expect(menuExpression({ variable: { name: 'x' } })).toBe('x');
    expect(menuExpression({ expression: 'x[0]' })).toBe('x[0]');
    expect(menuExpression('  t ')).toBe('t');
    expect(menuExpression(undefined)).toBeUndefined();
    expect(menuExpression({ variable: { name: 3 } })).toBeUndefined();
  });
});

describe('layerParams', () => {
  const torch = (className: string, config: Record<string, unknown>): PoolingLayerInfo => ({ framework: 'torch', className, config });
  it('MaxPool2d(3, stride=2, padding=1) on [N, C, H, W]', () => {
    expect(layerParams(torch('MaxPool2d', { kernel_size: 3, stride: 2, padding: 1, dilation: 1, ceil_mode: false }), [1, 3, 32, 32])).toEqual({
      convention: 'pytorch',
      spatialAxes: [2, 3],
      kind: 'window',
      mode: 'max',
      kernel: [3, 3],
      stride: [2, 2],
      padding: [1, 1],
      dilation: [1, 1],
      ceilMode: false,
    });
  });
  it('AvgPool2d with every option, stride None = kernel', () => {
    expect(
      layerParams(
        torch('AvgPool2d', { kernel_size: [2, 3], stride: null, padding: [1, 1], ceil_mode: true, count_include_pad: false, divisor_override: 5 }),
        [3, 8, 8],
      ),
    ).toEqual({
      convention: 'pytorch',
      spatialAxes: [1, 2],
      kind: 'window',
      mode: 'avg',
      kernel: [2, 3],
      stride: [2, 3],
      padding: [1, 1],
      dilation: [1, 1],
      ceilMode: true,
      countIncludePad: false,
      divisorOverride: 5,
    });
  });
  it('LPPool1d and adaptive pools', () => {
    expect(layerParams(torch('LPPool1d', { kernel_size: 3, stride: null, ceil_mode: false, norm_type: 3 }), [2, 10])).toMatchObject({
      mode: 'lp',
      p: 3,
      kernel: [3],
      stride: [3],
      spatialAxes: [1],
    });
    expect(layerParams(torch('AdaptiveAvgPool2d', { output_size: [5, null] }), [1, 2, 9, 9])).toEqual({
      convention: 'pytorch',
      spatialAxes: [2, 3],
      kind: 'adaptive',
      mode: 'avg',
      outputSize: [5, null],
    });
    expect(layerParams(torch('AdaptiveMaxPool3d', { output_size: 2 }), [1, 4, 4, 4])).toMatchObject({
      kind: 'adaptive',
      mode: 'max',
      outputSize: [2, 2, 2],
      spatialAxes: [1, 2, 3],
    });
  });
  it('refuses inputs the layer cannot take, and random layers, with specific messages', () => {
    expect(() => layerParams(torch('MaxPool2d', { kernel_size: 2 }), [32, 32], 'x')).toThrow(
      'MaxPool2d takes [C, H, W] or [N, C, H, W]; x has shape [32, 32].',
    );
    expect(() => layerParams(torch('FractionalMaxPool2d', { kernel_size: 2 }), [1, 1, 8, 8], 'x')).toThrow(DebugReadError);
    expect(() => layerParams(torch('MaxPool2d', { kernel_size: 'big' }), [1, 1, 8, 8])).toThrow(/kernel_size is "big"/);
  });
  it('Keras layers: channels_last and channels_first, same padding, global pooling', () => {
    const keras = (className: string, config: Record<string, unknown>): PoolingLayerInfo => ({ framework: 'keras', className, config });
    expect(layerParams(keras('MaxPooling2D', { pool_size: [2, 2], strides: null, padding: 'same', data_format: 'channels_last' }), [8, 28, 28, 3])).toEqual({
      convention: 'keras',
      spatialAxes: [1, 2],
      kind: 'window',
      mode: 'max',
      kernel: [2, 2],
      stride: [2, 2],
      padding: 'same',
      dilation: [1, 1],
      ceilMode: false,
      countIncludePad: false,
    });
    expect(layerParams(keras('AveragePooling1D', { pool_size: 3, strides: 1, padding: 'valid', data_format: 'channels_first' }), [4, 2, 10])).toMatchObject({
      spatialAxes: [2],
      mode: 'avg',
      stride: [1],
    });
    expect(layerParams(keras('GlobalAveragePooling2D', { data_format: 'channels_last' }), [28, 28, 3])).toEqual({
      convention: 'keras',
      spatialAxes: [0, 1],
      kind: 'global',
      mode: 'avg',
    });
  });
});

describe('headers and pictures', () => {
  it('names the value, the layer, the place, and marks stale or frozen data', () => {
    expect(debugTitle({ expression: 'x', layer: 'model.pool1' })).toBe('model.pool1 on x');
    expect(debugHeader({ expression: 'x' }, { where: 'train.py:42', stale: undefined, following: true })).toBe('x @ train.py:42');
    expect(debugHeader({ expression: 'x' }, { where: 'train.py:42', stale: 'the debug session ended', following: true })).toBe(
      'x @ train.py:42 (stale: the debug session ended)',
    );
    expect(debugHeader({ expression: 'x' }, { where: undefined, stale: undefined, following: false })).toBe('x (frozen)');
    expect(debugKey({ expression: 'a b' })).not.toBe(debugKey({ expression: 'a b', layer: 'p' }));
  });
  it('an 8-bit picture [H, W, C] becomes the [C, H, W] image the panel draws', () => {
    const data = Float64Array.from({ length: 2 * 3 * 3 }, (_, i) => i);
    const shown = forPanel({ name: 'img', dtype: 'uint8', array: { shape: [2, 3, 3], data }, picture: { layout: 'HWC', mode: 'RGB' } });
    expect(shown.array.shape).toEqual([3, 2, 3]);
    expect(shown.image).toEqual({ width: 3, height: 2, channels: 3, bitDepth: 8 });
    expect([...shown.array.data.subarray(0, 6)]).toEqual([0, 3, 6, 9, 12, 15]);
    expect('picture' in shown).toBe(false);
    const plain = forPanel({ name: 'x', dtype: 'float32', array: { shape: [2, 3, 3], data } });
    expect(plain.array.shape).toEqual([2, 3, 3]);
  });
});
