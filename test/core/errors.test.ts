// Bad parameters: a PoolingError whose .parameter names the option and whose message names the value.
import { describe, expect, it } from 'vitest';
import {
  adaptivePool,
  adaptiveWindowOf,
  fractionalMaxPool,
  globalPool,
  outputsFedBy,
  pool,
  poolInfo,
  PoolingError,
  unpool,
  windowOf,
} from '../../src/core/index';
import type { PoolOptions } from '../../src/core/index';

const x = (shape: number[]) => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)) });
const max = (o: Partial<PoolOptions>): PoolOptions => ({ mode: 'max', kernel: [2, 2], ...o }) as PoolOptions;

function thrown(fn: () => unknown): PoolingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PoolingError);
    return e as PoolingError;
  }
  throw new Error('expected a PoolingError, nothing was thrown');
}

/** [name, call, parameter, text the message must contain] */
const cases: [string, () => unknown, string, string][] = [
  ['x=[5,5] k=0', () => pool(x([5, 5]), max({ kernel: [0, 0] })), 'kernel', 'kernel[0]'],
  ['x=[5,5] k=-2', () => pool(x([5, 5]), max({ kernel: [-2, 2] })), 'kernel', '-2'],
  ['x=[5,5] k=2.5', () => pool(x([5, 5]), max({ kernel: [2.5, 2.5] })), 'kernel', '2.5'],
  ['x=[5,5] k=NaN', () => pool(x([5, 5]), max({ kernel: [NaN, 2] })), 'kernel', 'NaN'],
  ['x=[5,5] k=2^40 (huge)', () => pool(x([5, 5]), max({ kernel: [2 ** 40, 2] })), 'kernel', String(2 ** 40)],
  ['x=[5,5] k=[] (no spatial dims)', () => pool(x([5, 5]), max({ kernel: [] })), 'kernel', 'non-empty'],
  ['x=[5,5] k=6 (does not fit)', () => pool(x([5, 5]), max({ kernel: [6, 6] })), 'kernel', 'output size would be 0'],
  ['x=[5] k=3 d=3 (dilated extent > L)', () => pool(x([5]), max({ kernel: [3], dilation: [3] })), 'kernel', 'extent 7'],
  ['x=[4] k=[2,2] (more spatial dims than input dims)', () => pool(x([4]), max({ kernel: [2, 2] })), 'input', 'only 1 dims'],
  ['x=[5,5] s=0', () => pool(x([5, 5]), max({ stride: [0, 0] })), 'stride', 'stride[0]'],
  ['x=[5,5] s=[1,1,1] (wrong length)', () => pool(x([5, 5]), max({ stride: [1, 1, 1] })), 'stride', '3'],
  ['x=[5,5] d=0', () => pool(x([5, 5]), max({ dilation: [0, 1] })), 'dilation', 'dilation[0]'],
  ['x=[5,5] k=3 p=2 (more than half the kernel)', () => pool(x([5, 5]), max({ kernel: [3, 3], padding: [2, 2] })), 'padding', 'padding[0] = 2'],
  ['x=[5,5] p=-1', () => pool(x([5, 5]), max({ padding: [-1, 0] })), 'padding', '-1'],
  [
    'x=[5,5] p=[[0,2],[0,0]] k=2 (pair side ≥ kernel)',
    () =>
      pool(
        x([5, 5]),
        max({
          padding: [
            [0, 2],
            [0, 0],
          ],
        }),
      ),
    'padding',
    'padding[0][1] = 2',
  ],
  ['x=[5,5] p=[1,1,1] (wrong length)', () => pool(x([5, 5]), max({ padding: [1, 1, 1] })), 'padding', '3'],
  ["x=[5,5] p='full' (unknown)", () => pool(x([5, 5]), max({ padding: 'full' as never })), 'padding', '"full"'],
  ["x=[5,5] mode='median'", () => pool(x([5, 5]), max({ mode: 'median' as never })), 'mode', 'median'],
  ['x=[5,5] ceilMode=1 (not a boolean)', () => pool(x([5, 5]), max({ ceilMode: 1 as never })), 'ceilMode', '1'],
  ['x=[5,5] avg div=0', () => pool(x([5, 5]), { mode: 'avg', kernel: [2, 2], divisorOverride: 0 }), 'divisorOverride', '0'],
  ['x=[5,5] avg div=1.5', () => pool(x([5, 5]), { mode: 'avg', kernel: [2, 2], divisorOverride: 1.5 }), 'divisorOverride', '1.5'],
  ['x=[5,5] lp p=0', () => pool(x([5, 5]), { mode: 'lp', kernel: [2, 2], p: 0 }), 'p', '0'],
  ['x=[5,5] lp p=NaN', () => pool(x([5, 5]), { mode: 'lp', kernel: [2, 2], p: NaN }), 'p', 'NaN'],
  ['x=[5,5] avg returnIndices', () => pool(x([5, 5]), { mode: 'avg', kernel: [2, 2], returnIndices: true }), 'returnIndices', 'avg'],
  ["x=[5,5] accumulate='float16'", () => pool(x([5, 5]), max({ accumulate: 'float16' as never })), 'accumulate', 'float16'],
  ['x=[5,5] data of 24 values', () => pool({ shape: [5, 5], data: new Float64Array(24) }, max({})), 'input', '24'],
  ['x=[0,5] (empty spatial dim)', () => pool(x([0, 5]), max({})), 'input', 'empty'],
  [
    'x=[2^15,2^15] k=1 (output > 2^28 cells) fails before allocating',
    () => poolInfo([2 ** 15, 2 ** 15], max({ kernel: [1, 1] })),
    'output',
    'output too large',
  ],
  ['out.output Float32Array for float64 input', () => pool(x([4, 4]), max({}), { output: new Float32Array(4) }), 'out', 'Float64Array'],
  ['out.output too short', () => pool(x([4, 4]), max({}), { output: new Float64Array(3) }), 'out', '3'],
  [
    'out.output is the input',
    () => {
      const input = x([4, 4]);
      return pool(input, max({}), { output: input.data });
    },
    'out',
    'share memory',
  ],
  ['adaptive out=[-1,2]', () => adaptivePool(x([5, 5]), [-1, 2], 'avg'), 'outputSize', '-1'],
  ['adaptive out=[2] returnIndices with avg', () => adaptivePool(x([5]), [2], 'avg', { returnIndices: true }), 'returnIndices', 'max'],
  ["adaptive mode='sum'", () => adaptivePool(x([5]), [2], 'sum' as never), 'mode', 'sum'],
  ['adaptive out=[2,2,2] on x=[5,5]', () => adaptivePool(x([5, 5]), [2, 2, 2], 'max'), 'input', 'only 2 dims'],
  ['global spatialDims=0', () => globalPool(x([5, 5]), 0, 'max'), 'spatialDims', '0'],
  [
    'fractional x=[7,7] k=2 out=7 (out + k − 1 > in)',
    () => fractionalMaxPool(x([7, 7]), [2, 2], [7, 7], new Float64Array(2)),
    'outputSize',
    'outputSize[0] = 7',
  ],
  ['fractional x=[7,7] k=8 (k > in)', () => fractionalMaxPool(x([7, 7]), [8, 8], [1, 1], new Float64Array(2)), 'kernel', 'kernel[0] = 8'],
  [
    'fractional x=[6,6,6] k=3 out=[3,3,4] (3-d needs out + k − 1 < in)',
    () => fractionalMaxPool(x([6, 6, 6]), [3, 3, 3], [3, 3, 4], new Float64Array(3)),
    'outputSize',
    '<',
  ],
  ['fractional samples of the wrong length', () => fractionalMaxPool(x([2, 7, 7]), [2, 2], [3, 3], new Float64Array(2)), 'samples', '4'],
  ['fractional sample 1.5 (outside [0, 1))', () => fractionalMaxPool(x([7, 7]), [2, 2], [3, 3], Float64Array.from([0.5, 1.5])), 'samples', '1.5'],
  ['fractional k with 4 dims', () => fractionalMaxPool(x([3, 3, 3, 3]), [1, 1, 1, 1], [1, 1, 1, 1], new Float64Array(4)), 'kernel', '1 to 3'],
  ['unpool index 25 ≥ 5x5 plane', () => unpool(x([1, 2]), Int32Array.from([0, 25]), [5, 5]), 'indices', '25'],
  ['unpool index -1', () => unpool(x([1, 2]), Int32Array.from([0, -1]), [5, 5]), 'indices', '-1'],
  ['unpool indices of the wrong length', () => unpool(x([1, 2]), Int32Array.from([0]), [5, 5]), 'indices', '1'],
  ['unpool outputSpatialShape=[0]', () => unpool(x([2]), Int32Array.from([0, 1]), [0]), 'outputSpatialShape', '0'],
  ['windowOf outIndex=[2,0] outside a 2x2 output', () => windowOf([5, 5], max({}), [2, 0]), 'outIndex', 'outIndex[0] = 2'],
  ['windowOf outIndex of 1 coord for 2 dims', () => windowOf([5, 5], max({}), [0]), 'outIndex', '2 coordinates'],
  ['adaptiveWindowOf outIndex=[3]', () => adaptiveWindowOf([5], [3], [3]), 'outIndex', '3'],
  ['outputsFedBy inIndex=[5,0]', () => outputsFedBy([5, 5], max({}), [5, 0]), 'inIndex', '5'],
];

describe('PoolingError names the parameter and the value', () => {
  for (const [name, fn, parameter, text] of cases) {
    it(`${name} → ${parameter}`, () => {
      const e = thrown(fn);
      expect(e.parameter).toBe(parameter);
      expect(e.name).toBe('PoolingError');
      expect(e.message).toContain(text);
    });
  }
});
