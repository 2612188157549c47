/** Pooling layers written in Python source: read as their configuration, hovered with the output-size formula. */
import { describe, expect, it } from 'vitest';
import { layerCallAt } from '../../src/extension/hover/layerCall';
import { defaultInputShape, renderLayerHover } from '../../src/extension/hover/layerHover';

const at = (text: string) => layerCallAt(text.replace('|', ''), text.indexOf('|'));

describe('layerCallAt', () => {
  it('nn.MaxPool2d(3, stride=2, padding=1)', () => {
    const call = at('self.pool = nn.Max|Pool2d(3, stride=2, padding=1)\n');
    expect(call?.text).toBe('nn.MaxPool2d(3, stride=2, padding=1)');
    expect(call?.layer).toEqual({
      framework: 'torch',
      className: 'MaxPool2d',
      config: { kernel_size: 3, stride: 2, padding: 1, dilation: 1, ceil_mode: false, count_include_pad: true, divisor_override: null },
    });
    expect(call?.unknown).toEqual([]);
  });
  it('F.max_pool2d(x, 2): the input is skipped, positions follow the functional signature', () => {
    const call = at('y = F.max_pool2d(x, 2|)');
    expect(call?.layer.className).toBe('MaxPool2d');
    expect(call?.layer.config).toMatchObject({ kernel_size: 2, stride: null });
    expect(at('y = F.avg_pool1d(x, 3, 1, 1, True|)')?.layer.config).toMatchObject({ kernel_size: 3, stride: 1, padding: 1, ceil_mode: true });
  });
  it('layers.MaxPooling2D(pool_size=2, padding="same") with Keras defaults', () => {
    const call = at('x = layers.MaxPooling2D(pool_size=2, pad|ding="same")(x)');
    expect(call?.layer).toEqual({
      framework: 'keras',
      className: 'MaxPooling2D',
      config: { pool_size: 2, strides: null, padding: 'same', data_format: 'channels_last' },
    });
  });
  it('tuples, multi-line calls, non-literal arguments, and a cursor outside', () => {
    expect(at('nn.AvgPool2d(\n  kernel_size=(2, 3),| # rows, cols\n  stride=[1, 1])')?.layer.config).toMatchObject({ kernel_size: [2, 3], stride: [1, 1] });
    expect(at('nn.MaxPool2d(k|, stride=s)')?.unknown).toEqual(['kernel_size', 'stride']);
    expect(at('nn.MaxPool2d(2)  # no|te')).toBeUndefined();
    expect(at('nn.Conv2d(3, 8, |3)')).toBeUndefined();
  });
});

describe('renderLayerHover', () => {
  it('shows the formula per dim and the output shape', () => {
    const call = at('nn.MaxPool2d(3, stride=2, pad|ding=1)')!;
    const { markdown, params } = renderLayerHover(call, [1, 3, 32, 32], 'last seen while debugging, x');
    expect(params).toMatchObject({ kernel: [3, 3], stride: [2, 2], padding: [1, 1], spatialAxes: [2, 3] });
    expect(markdown).toContain('- H: floor((32 + 1 + 1 − 1·(3 − 1) − 1) / 2) + 1 = 16');
    expect(markdown).toContain('Input [1, 3, 32, 32] → output **[1, 3, 16, 16]** (input shape: last seen while debugging, x)');
  });
  it('Keras same padding on channels_last, ceil mode, adaptive and global layers', () => {
    const keras = at('layers.MaxPooling2D(pool_size=2, padding="same"|)')!;
    expect(renderLayerHover(keras, [8, 7, 7, 16], 'x').markdown).toContain('output **[8, 4, 4, 16]**');
    expect(defaultInputShape(keras)).toEqual([1, 32, 32, 3]);
    expect(renderLayerHover(at('nn.MaxPool1d(2, ceil_mode=True|)')!, [1, 5], 'x').markdown).toContain('output **[1, 3]**');
    expect(renderLayerHover(at('nn.AdaptiveAvgPool2d((5, 7)|)')!, [2, 3, 20, 20], 'x').markdown).toContain('output **[2, 3, 5, 7]**');
    expect(renderLayerHover(at('layers.GlobalAveragePooling2D(|)')!, [2, 9, 9, 4], 'x').markdown).toContain('output **[2, 1, 1, 4]**');
  });
  it('says why it cannot compute', () => {
    expect(renderLayerHover(at('nn.MaxPool2d(k|)')!, [1, 1, 8, 8], 'x')).toMatchObject({ params: undefined });
    expect(renderLayerHover(at('nn.MaxPool2d(2|)')!, [8, 8], 'x').markdown).toContain(
      'MaxPool2d takes [C, H, W] or [N, C, H, W]; the input [8, 8] has shape [8, 8].',
    );
    expect(renderLayerHover(at('nn.MaxPool2d(2, padding=2|)')!, [1, 1, 8, 8], 'x').params).toBeUndefined();
  });
});
