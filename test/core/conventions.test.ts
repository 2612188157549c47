// PyTorch / Keras / ONNX parameter sets: defaults, translation both ways, runnable snippets.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conventionDefaults, fromKeras, fromOnnx, fromPyTorch, pool, PoolingError, toCode, toKeras, toOnnx, toPyTorch } from '../../src/core/index';
import type { Convention, PoolOptions } from '../../src/core/index';
import { expectSame, type makeArray, poolCaseArb } from './arbitraries';

function conventionError(fn: () => unknown): PoolingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PoolingError);
    expect((e as PoolingError).parameter).toBe('convention');
    return e as PoolingError;
  }
  throw new Error('expected PoolingError(convention)');
}

describe('conventionDefaults', () => {
  it('stride defaults to the kernel in pytorch and keras, to 1 in onnx', () => {
    expect(conventionDefaults('pytorch').strideDefault).toBe('kernel');
    expect(conventionDefaults('keras').strideDefault).toBe('kernel');
    expect(conventionDefaults('onnx').strideDefault).toBe('one');
  });
  it('count_include_pad defaults to true only in pytorch', () => {
    expect(conventionDefaults('pytorch').countIncludePad).toBe(true);
    expect(conventionDefaults('keras').countIncludePad).toBe(false);
    expect(conventionDefaults('onnx').countIncludePad).toBe(false);
  });
  it('padding defaults differ and every convention has notes', () => {
    const all: Convention[] = ['pytorch', 'keras', 'onnx'];
    expect(new Set(all.map((c) => conventionDefaults(c).paddingDefault)).size).toBe(3);
    for (const c of all) expect(conventionDefaults(c).notes.length).toBeGreaterThan(2);
  });
  it("convention='caffe' → PoolingError(convention)", () => {
    conventionError(() => conventionDefaults('caffe' as Convention));
  });
});

describe('fromPyTorch / fromKeras / fromOnnx defaults', () => {
  it('pytorch max kernel_size=2 (2-D) → stride [2,2], padding 0, dilation 1', () => {
    expect(fromPyTorch({ mode: 'max', kernel_size: 2 }, 2)).toEqual({
      mode: 'max',
      kernel: [2, 2],
      stride: [2, 2],
      padding: [0, 0],
      dilation: [1, 1],
      ceilMode: false,
    });
  });
  it('pytorch avg → countIncludePad true; stride=None means the kernel; divisor_override kept', () => {
    const o = fromPyTorch({ mode: 'avg', kernel_size: [3, 2], stride: null, padding: 1, divisor_override: 5 }, 2);
    expect(o.stride).toEqual([3, 2]);
    expect(o.countIncludePad).toBe(true);
    expect(o.divisorOverride).toBe(5);
  });
  it('pytorch lp norm_type=3 → p 3; lp with padding or avg with dilation is rejected', () => {
    expect(fromPyTorch({ mode: 'lp', kernel_size: 2, norm_type: 3 }, 1).p).toBe(3);
    expect(() => fromPyTorch({ mode: 'lp', kernel_size: 2, padding: 1 }, 1)).toThrow(PoolingError);
    expect(() => fromPyTorch({ mode: 'avg', kernel_size: 2, dilation: 2 }, 1)).toThrow(PoolingError);
  });
  it('keras avg pool_size=2 → stride [2,2], padding valid, countIncludePad false', () => {
    expect(fromKeras({ mode: 'avg', pool_size: 2 }, 2)).toEqual({ mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: 'valid', countIncludePad: false });
  });
  it('onnx kernel_shape=[2,2] → stride [1,1], count_include_pad 0 → false, pads split into [before, after]', () => {
    expect(fromOnnx({ mode: 'max', kernel_shape: [2, 2] }).stride).toEqual([1, 1]);
    expect(fromOnnx({ mode: 'avg', kernel_shape: [3] }).countIncludePad).toBe(false);
    expect(fromOnnx({ mode: 'max', kernel_shape: [3, 3], pads: [1, 0, 1, 2] }).padding).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(fromOnnx({ mode: 'max', kernel_shape: [3, 3], pads: [1, 1, 1, 1] }).padding).toEqual([1, 1]);
    expect(fromOnnx({ mode: 'max', kernel_shape: [3], auto_pad: 'SAME_LOWER' }).padding).toBe('same-lower');
  });
  it('wrong-length lists are PoolingErrors naming the parameter', () => {
    expect(() => fromPyTorch({ mode: 'max', kernel_size: [2, 2, 2] }, 2)).toThrow(/kernel/);
    expect(() => fromOnnx({ mode: 'max', kernel_shape: [2, 2], pads: [1, 1] })).toThrow(/padding/);
  });
});

describe('toCode snippets', () => {
  it('pytorch x=[1,1,5,5] max k=2 → F.max_pool2d with every parameter spelled out', () => {
    const code = toCode({ mode: 'max', kernel: [2, 2] }, 'pytorch', [1, 1, 5, 5]);
    expect(code).toContain('x = torch.arange(1, 26, dtype=torch.float64).reshape((1, 1, 5, 5))');
    expect(code).toContain('F.max_pool2d(x, kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), dilation=(1, 1), ceil_mode=False)');
  });
  it('pytorch min with indices → -max_pool(-x); avg1d divisor_override → avg_pool2d on a height-1 view', () => {
    expect(toCode({ mode: 'min', kernel: [2], returnIndices: true }, 'pytorch')).toContain('F.max_pool1d(-x, ');
    const avg = toCode({ mode: 'avg', kernel: [3], divisorOverride: 2 }, 'pytorch', [2, 9]);
    expect(avg).toContain('F.avg_pool2d(x.unsqueeze(-2), kernel_size=(1, 3)');
    expect(avg).toContain('divisor_override=2');
  });
  it('keras x=[1,1,5,5] avg same → AveragePooling2D on a channels-last view', () => {
    const code = toCode({ mode: 'avg', kernel: [2, 2], padding: 'same' }, 'keras', [1, 1, 5, 5]);
    expect(code).toContain("tf.keras.layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2), padding='same', dtype='float64')");
    expect(code).toContain('y = yk.reshape((1, 1, 3, 3))');
  });
  it('onnx x=[1,1,5,5] avg k=3 p=1 → AveragePool with explicit strides, pads and count_include_pad=1', () => {
    const code = toCode({ mode: 'avg', kernel: [3, 3], padding: [1, 1] }, 'onnx', [1, 1, 5, 5]);
    expect(code).toContain(
      "helper.make_node('AveragePool', inputs=['X'], outputs=['Y'], kernel_shape=[3, 3], strides=[3, 3], pads=[1, 1, 1, 1], dilations=[1, 1], ceil_mode=0, count_include_pad=1)",
    );
  });
  it('onnx max with indices and same-lower → SAME_LOWER and an Indices output', () => {
    const code = toCode({ mode: 'max', kernel: [2], padding: 'same-lower', returnIndices: true }, 'onnx', [4, 9]);
    expect(code).toContain("auto_pad='SAME_LOWER'");
    expect(code).toContain("outputs=['Y', 'Indices']");
  });
  const cannot: [string, PoolOptions, Convention][] = [
    ['keras dilation', { mode: 'max', kernel: [2], dilation: [2] }, 'keras'],
    ['keras ceil mode', { mode: 'max', kernel: [2], ceilMode: true }, 'keras'],
    ['keras lp', { mode: 'lp', kernel: [2] }, 'keras'],
    ['keras explicit padding', { mode: 'max', kernel: [3], padding: [1] }, 'keras'],
    ['keras same-lower with odd total padding', { mode: 'max', kernel: [2], stride: [1], padding: 'same-lower' }, 'keras'],
    ['onnx divisorOverride', { mode: 'avg', kernel: [2], divisorOverride: 3 }, 'onnx'],
    ['onnx min', { mode: 'min', kernel: [2] }, 'onnx'],
    ['onnx sum', { mode: 'sum', kernel: [2] }, 'onnx'],
    ['onnx lp p=1.5', { mode: 'lp', kernel: [2], p: 1.5 }, 'onnx'],
    ['pytorch 4 spatial dims', { mode: 'max', kernel: [1, 1, 1, 1] }, 'pytorch'],
    ['pytorch asymmetric padding', { mode: 'max', kernel: [3], padding: [[0, 1]] }, 'pytorch'],
    ['pytorch avg dilation', { mode: 'avg', kernel: [2], dilation: [2] }, 'pytorch'],
    ['pytorch lp padding', { mode: 'lp', kernel: [3], padding: [1] }, 'pytorch'],
    ["pytorch 'same' without an input shape", { mode: 'max', kernel: [3], padding: 'same' }, 'pytorch'],
  ];
  for (const [name, options, convention] of cannot) {
    it(`${name} → PoolingError(convention)`, () => {
      const e = conventionError(() => toCode(options, convention));
      expect(e.message.length).toBeGreaterThan(10);
    });
  }
});

/** Strips keys whose value is a default, so round trips compare what matters: the pooling result. */
function samePooling(input: ReturnType<typeof makeArray>, a: PoolOptions, b: PoolOptions): void {
  const ra = pool(input, a);
  const rb = pool(input, b);
  expect(rb.output.shape).toEqual(ra.output.shape);
  expectSame(rb.output.data, ra.output.data, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

describe('round trips: fromX(toX(options)) pools exactly like options', () => {
  const general = poolCaseArb({ modes: ['max', 'avg', 'sum', 'lp', 'min'], dims: [1, 2, 3] });
  const kerasLike = poolCaseArb({ modes: ['max', 'avg', 'min'], padKinds: ['none', 'valid', 'same'], ceil: false, dilation: false });
  const trip = (name: string, convert: (o: PoolOptions, shape: readonly number[]) => PoolOptions) => {
    it(`${name}: x=random options the framework can express`, () => {
      const arb = name === 'keras' ? kerasLike : general;
      let expressed = 0;
      fc.assert(
        fc.property(arb, (c) => {
          let back: PoolOptions;
          try {
            back = convert(c.options, c.input.shape);
          } catch (e) {
            if (e instanceof PoolingError && e.parameter === 'convention') return;
            throw e;
          }
          expressed++;
          const { returnIndices: _r, accumulate, ...rest } = c.options;
          void _r;
          samePooling(c.input, { ...rest, ...(accumulate ? { accumulate } : {}) }, { ...back, ...(accumulate ? { accumulate } : {}) });
        }),
        { numRuns: 300 },
      );
      expect(expressed).toBeGreaterThan(30);
    });
  };
  trip('pytorch', (o, shape) => {
    const p = toPyTorch(o, shape);
    // torch has no sum pooling: toPyTorch writes it as avg with divisor_override=1.
    return fromPyTorch(p, o.kernel.length);
  });
  trip('keras', (o, shape) => {
    const back = fromKeras(toKeras(o, shape), o.kernel.length);
    return { ...back, mode: o.mode === 'min' ? 'min' : back.mode };
  });
  trip('onnx', (o, shape) => fromOnnx(toOnnx(o, shape)));
});

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60000 }).status === 0;

describe('pytorch snippets run in torch and print what pool computes', () => {
  const cases: [string, PoolOptions, number[]][] = [
    ['max k=2 s=2 with indices', { mode: 'max', kernel: [2, 2], returnIndices: true }, [1, 1, 5, 5]],
    ['min k=3 s=1 p=1 with indices', { mode: 'min', kernel: [3, 3], stride: [1, 1], padding: [1, 1], returnIndices: true }, [2, 4, 5]],
    ['avg k=3 s=2 p=1 ceil cip=F', { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true, countIncludePad: false }, [2, 3, 7, 8]],
    ['avg1d k=3 s=2 p=1 div=2', { mode: 'avg', kernel: [3], stride: [2], padding: [1], divisorOverride: 2 }, [2, 9]],
    ['sum k=[2,3] s=1 ceil', { mode: 'sum', kernel: [2, 3], stride: [1, 1], ceilMode: true }, [1, 4, 6]],
    ["avg k=3 s=1 'same' (resolved to p=1, padding not counted)", { mode: 'avg', kernel: [3], stride: [1], padding: 'same' }, [1, 1, 6]],
    ['lp p=2 k=2 s=2 ceil', { mode: 'lp', kernel: [2], ceilMode: true, p: 2 }, [1, 2, 7]],
    ['lp p=1 k=[2,2] s=1', { mode: 'lp', kernel: [2, 2], stride: [1, 1], p: 1 }, [1, 1, 4, 5]],
    ['lp p=inf k=3', { mode: 'lp', kernel: [3], p: Infinity }, [1, 1, 9]],
    ['max3d k=2 s=1 d=2 p=1', { mode: 'max', kernel: [2, 2, 2], stride: [1, 1, 1], dilation: [2, 2, 2], padding: [1, 1, 1] }, [1, 1, 4, 5, 6]],
  ];
  it.skipIf(!hasTorch)('x=arange, every mode (exact; lp within 1e-12) — needs /usr/bin/python3 with torch', () => {
    const script = [
      'import json, math',
      'results = []',
      ...cases.map(([, options, shape]) => {
        const code = toCode(options, 'pytorch', shape);
        return [
          `ns = {}`,
          `exec(${JSON.stringify(code)}, ns)`,
          `y = ns['y']`,
          `idx = ns.get('indices')`,
          `results.append({'y': [repr(v) for v in y.double().flatten().tolist()], 'shape': list(y.shape), 'indices': None if idx is None else idx.flatten().tolist()})`,
        ].join('\n');
      }),
      'print("RESULTS:" + json.dumps(results))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 120000 });
    expect(run.status, run.stderr).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULTS:'))!;
    const results = JSON.parse(line.slice(8)) as { y: string[]; shape: number[]; indices: number[] | null }[];
    cases.forEach(([name, options, shape], i) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const input = { shape, data: Float64Array.from({ length: n }, (_, j) => j + 1) };
      const ours = pool(input, options);
      const torch = results[i]!;
      const torchValues = torch.y.map((v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
      expect(ours.output.shape, name).toEqual(torch.shape);
      if (options.mode === 'lp' && options.p !== Infinity && options.p !== 1) {
        for (const [j, v] of torchValues.entries()) expect(Math.abs(ours.output.data[j]! - v), name).toBeLessThanOrEqual(1e-12 * Math.abs(v));
      } else {
        expectSame(ours.output.data, torchValues, name);
      }
      if (options.returnIndices === true) expect(Array.from(ours.indices!), name).toEqual(torch.indices);
    });
  });
});
