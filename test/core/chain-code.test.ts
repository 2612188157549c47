// A chain as nn.Sequential, Keras Sequential and an ONNX graph; the PyTorch one run in torch.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ort, ortSession } from '../compare/ort';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainToCode, chainToKerasLayers, chainToOnnxGraph, poolChain, PoolingError } from '../../src/core/index';
import type { KerasLayerSpec } from '../../src/core/index';
import { onnxGraphModel } from '../compare/onnx-model';
import type { ChainLayer, NDArray } from '../../src/core/index';
import { parseRepr, runTorchSnippets, torchMissing } from '../compare/torch-runner';
import { expectSame } from './arbitraries';

const arange = (shape: number[]): NDArray => ({ shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1) });
const wavy = (shape: number[]): NDArray => ({ shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.3) * 10) });

const chains: [string, NDArray, ChainLayer[]][] = [
  [
    'ResNet stem: max k3 s2 p1, global avg',
    wavy([1, 2, 16, 16]),
    [
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ],
  ],
  [
    'VGG: three 2×2 max pools',
    arange([1, 1, 16, 16]),
    Array.from({ length: 3 }, (): ChainLayer => ({ kind: 'window', options: { mode: 'max', kernel: [2, 2] } })),
  ],
  [
    '1-D: max k3 s1 p1, avg k2 ceil, LP p=2 k2',
    wavy([2, 3, 21]),
    [
      { kind: 'window', options: { mode: 'max', kernel: [3], stride: [1], padding: [1] } },
      { kind: 'window', options: { mode: 'avg', kernel: [2], ceilMode: true } },
      { kind: 'window', options: { mode: 'lp', kernel: [2], p: 2 } },
    ],
  ],
  [
    'bare 9×9: uneven adaptive max (4, 3), then global max',
    wavy([9, 9]),
    [
      { kind: 'adaptive', outputSize: [4, 3], mode: 'max' },
      { kind: 'global', mode: 'max', spatialDims: 2 },
    ],
  ],
];

describe('chainToCode', () => {
  it('nn.Sequential lists one module per layer', () => {
    const code = chainToCode(chains[0]![1].shape, chains[0]![2], 'pytorch');
    expect(code).toContain(
      'model = nn.Sequential(\n    nn.MaxPool2d(kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), ceil_mode=False),\n    nn.AdaptiveAvgPool2d(1),\n)',
    );
  });
  it("Keras Sequential: 'same' layers, min as -max(-x), even adaptive bins as a fixed window, global with keepdims", () => {
    const code = chainToCode(
      [8, 8],
      [
        { kind: 'window', options: { mode: 'min', kernel: [3, 3], stride: [2, 2], padding: 'same' } },
        { kind: 'adaptive', outputSize: [2, 2], mode: 'avg' },
        { kind: 'global', mode: 'max', spatialDims: 2 },
      ],
      'keras',
    );
    expect(code).toContain(
      "tf.keras.layers.Lambda(lambda t: -t, dtype='float64'),\n    tf.keras.layers.MaxPooling2D(pool_size=(3, 3), strides=(2, 2), padding='same', dtype='float64'),\n    tf.keras.layers.Lambda(lambda t: -t, dtype='float64'),",
    );
    expect(code).toContain("tf.keras.layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid', dtype='float64'),");
    expect(code).toContain("tf.keras.layers.GlobalMaxPooling2D(keepdims=True, dtype='float64'),");
  });
  it('an ONNX graph chains the nodes and keeps every output', () => {
    const code = chainToCode(
      [1, 1, 8, 8],
      [
        {
          kind: 'window',
          options: {
            mode: 'avg',
            kernel: [2, 2],
            padding: [
              [0, 1],
              [0, 1],
            ],
            countIncludePad: false,
          },
        },
        { kind: 'global', mode: 'avg', spatialDims: 2 },
      ],
      'onnx',
    );
    expect(code).toContain(
      "helper.make_node('AveragePool', inputs=['X'], outputs=['Y1'], name='layer1', kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1], dilations=[1, 1], ceil_mode=0, count_include_pad=0)",
    );
    expect(code).toContain("helper.make_node('GlobalAveragePool', inputs=['Y1'], outputs=['Y'], name='layer2')");
    expect(code).toContain("for name in ['Y1', 'Y']]");
  });
  const cannot: [string, readonly number[], ChainLayer[], 'pytorch' | 'keras' | 'onnx', RegExp][] = [
    [
      'Keras explicit padding',
      [8, 8],
      [{ kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } }],
      'keras',
      /^layer 1: Keras cannot express padding/,
    ],
    [
      'Keras uneven adaptive bins',
      [8],
      [
        { kind: 'window', options: { mode: 'max', kernel: [1] } },
        { kind: 'adaptive', outputSize: [3], mode: 'max' },
      ],
      'keras',
      /^layer 2: Keras cannot express adaptive pooling of 8 cells into 3 bins/,
    ],
    ['ONNX min', [8], [{ kind: 'window', options: { mode: 'min', kernel: [2] } }], 'onnx', /^layer 1: ONNX cannot express min/],
    ['PyTorch global sum', [8], [{ kind: 'global', mode: 'sum', spatialDims: 1 }], 'pytorch', /^layer 1: PyTorch cannot express global sum/],
    [
      'mixed 1-D and 2-D layers',
      [8, 8],
      [
        { kind: 'window', options: { mode: 'max', kernel: [2, 2] } },
        { kind: 'window', options: { mode: 'max', kernel: [2] } },
      ],
      'pytorch',
      /different numbers of axes \(2 and 1\)/,
    ],
  ];
  for (const [name, shape, layers, f, message] of cannot) {
    it(`${name} → PoolingError(convention)`, () => {
      let caught: unknown;
      try {
        chainToCode(shape, layers, f);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(PoolingError);
      expect((caught as PoolingError).parameter).toBe('convention');
      expect((caught as PoolingError).message).toMatch(message);
    });
  }
});

describe('nn.Sequential snippets print what poolChain computes', () => {
  const missing = torchMissing();
  if (missing !== null) console.log(`skipping the torch run of the nn.Sequential snippets: ${missing}`);
  it.skipIf(missing !== null)(`every chain, exactly (LP within 1e-12)${missing !== null ? ` (skipped: ${missing})` : ''}`, () => {
    const results = runTorchSnippets(
      chains.map(([, x, layers]) => chainToCode(x.shape, layers, 'pytorch', { kind: 'values', values: x.data, dtype: 'float64' })),
    );
    chains.forEach(([name, x, layers], i) => {
      const outs = poolChain(x, layers);
      const last = outs[outs.length - 1]!;
      expect(results[i]!.shape, name).toEqual(last.shape);
      const torch = results[i]!.y.map(parseRepr);
      if (layers.some((l) => l.kind === 'window' && l.options.mode === 'lp')) {
        torch.forEach((v, j) => {
          expect(Math.abs(last.data[j]! - v), name).toBeLessThanOrEqual(1e-12 * Math.abs(v));
        });
      } else {
        expectSame(last.data, torch, name);
      }
    });
  });
});

describe('ONNX graph descriptions run in onnxruntime and give what poolChain computes', () => {
  const onnxChains: [string, NDArray, ChainLayer[]][] = [
    ['ResNet stem on 1..256', arange([1, 2, 16, 16]), chains[0]![2]],
    ['VGG: three 2×2 max pools', arange([1, 1, 16, 16]), chains[1]![2]],
    [
      "1-D: max k3 s1 'same', avg k2 ceil count_include_pad=False pads [0, 1], even adaptive avg 10 → 5",
      arange([2, 3, 19]),
      [
        { kind: 'window', options: { mode: 'max', kernel: [3], stride: [1], padding: 'same' } },
        { kind: 'window', options: { mode: 'avg', kernel: [2], padding: [[0, 1]], countIncludePad: false } },
        { kind: 'adaptive', outputSize: [5], mode: 'avg' },
      ],
    ],
  ];
  for (const [name, x, layers] of onnxChains) {
    it(name, async () => {
      const graph = chainToOnnxGraph(x.shape, layers);
      const session = await ortSession(onnxGraphModel(graph, 'float32'));
      const result = await session.run({ X: new ort.Tensor('float32', Float32Array.from(x.data), graph.inputShape) });
      // Every layer's output is a graph output: each must equal ours (float32, whole-number sums are exact).
      const outs = poolChain({ shape: x.shape, data: Float32Array.from(x.data) }, layers);
      graph.outputs.forEach((o, i) => {
        const got = result[o]!;
        expect(got.dims.slice(2), `${name} ${o}`).toEqual(outs[i]!.shape.slice(outs[i]!.shape.length - (got.dims.length - 2)));
        expectSame(got.data as Float32Array, outs[i]!.data, `${name} ${o}`);
      });
    });
  }
});

/** Applies one Keras layer spec with TensorFlow.js layers (channels-last). */
function applyKeras(spec: KerasLayerSpec, x: tf.Tensor): tf.Tensor {
  if (spec.className === 'Negate') return tf.neg(x);
  const d = Number(spec.className.slice(-2, -1));
  if ('keepdims' in spec) {
    const max = spec.className.startsWith('GlobalMax');
    const layer =
      d === 1
        ? (max ? tfl.layers.globalMaxPooling1d : tfl.layers.globalAveragePooling1d)({})
        : d === 2
          ? (max ? tfl.layers.globalMaxPooling2d : tfl.layers.globalAveragePooling2d)({})
          : null;
    if (layer === null) throw new Error('no 3-D global pooling in TF.js layers');
    const y = layer.apply(x) as tf.Tensor;
    // keepdims=True: (batch, 1, …, channels)
    return tf.reshape(y, [x.shape[0]!, ...new Array<number>(d).fill(1), x.shape[x.shape.length - 1]!]);
  }
  const max = spec.className.startsWith('Max');
  const { poolSize: k, strides: s, padding } = spec;
  const layer =
    d === 1
      ? (max ? tfl.layers.maxPooling1d : tfl.layers.averagePooling1d)({ poolSize: k[0]!, strides: s[0]!, padding })
      : d === 2
        ? (max ? tfl.layers.maxPooling2d : tfl.layers.averagePooling2d)({ poolSize: [k[0]!, k[1]!], strides: [s[0]!, s[1]!], padding })
        : (max ? tfl.layers.maxPooling3d : tfl.layers.averagePooling3d)({ poolSize: [k[0]!, k[1]!, k[2]!], strides: [s[0]!, s[1]!, s[2]!], padding });
  return layer.apply(x) as tf.Tensor;
}

describe('Keras Sequential layers run in TensorFlow.js and give what poolChain computes', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const kerasChains: [string, NDArray, ChainLayer[]][] = [
    ['VGG: three 2×2 max pools', arange([1, 1, 16, 16]), chains[1]![2]],
    [
      "min k3 s2 'same', even adaptive avg, global max",
      arange([2, 8, 8]),
      [
        { kind: 'window', options: { mode: 'min', kernel: [3, 3], stride: [2, 2], padding: 'same' } },
        { kind: 'adaptive', outputSize: [2, 2], mode: 'avg' },
        { kind: 'global', mode: 'max', spatialDims: 2 },
      ],
    ],
    [
      "1-D: avg k3 s2 'same' (padding not counted), max k2, global avg",
      arange([2, 3, 19]),
      [
        { kind: 'window', options: { mode: 'avg', kernel: [3], stride: [2], padding: 'same' } },
        { kind: 'window', options: { mode: 'max', kernel: [2] } },
        { kind: 'global', mode: 'avg', spatialDims: 1 },
      ],
    ],
  ];
  for (const [name, x, layers] of kerasChains) {
    it(name, () => {
      const specs = chainToKerasLayers(x.shape, layers);
      const code = chainToCode(x.shape, layers, 'keras');
      for (const spec of specs) if (spec.className !== 'Negate') expect(code).toContain(`tf.keras.layers.${spec.className}(`);
      const d = layers[0]!.kind === 'window' ? layers[0]!.options.kernel.length : 2;
      const spatial = x.shape.slice(x.shape.length - d);
      const planes = x.data.length / spatial.reduce((a, b) => a * b, 1);
      let h = tf.tensor(Float32Array.from(x.data), [planes, ...spatial, 1]);
      for (const spec of specs) h = applyKeras(spec, h);
      const outs = poolChain({ shape: x.shape, data: Float32Array.from(x.data) }, layers);
      const last = outs[outs.length - 1]!;
      // On these small whole-number inputs float32 TF.js and our core agree to the bit.
      expectSame(h.dataSync() as Float32Array, last.data, name);
    });
  }
});
