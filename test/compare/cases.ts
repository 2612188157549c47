// The comparisons checked against the real frameworks (shared by the test and the torch fixture script).
import type { Framework } from '../../src/compare/index';
import type { NDArray, PoolOptions } from '../../src/core/index';

export interface FrameworkCase {
  name: string;
  input: NDArray;
  options: PoolOptions;
  from: Framework;
}

const ramp = (shape: number[]): NDArray => ({
  shape,
  data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
});

/** Deterministic values with full mantissas (no NaN: TF.js max skips it). */
function wavy(shape: number[], dtype: 'float32' | 'float64', seed: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * 50 + Math.cos(i * 0.3) * 7.25);
  return { shape, data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values) };
}

export const FRAMEWORK_CASES: FrameworkCase[] = [
  // The done-when case: the tutorial 5×5, kernel 3, stride 2, average, padding 1 / 'same'.
  { name: 'tutorial 5×5 avg k3 s2 padding 1', input: ramp([5, 5]), options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, from: 'pytorch' },
  { name: "tutorial 5×5 avg k3 s2 'same'", input: ramp([5, 5]), options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: 'same' }, from: 'keras' },
  {
    name: "4×4 max k3 s2 'same' (uneven padding)",
    input: ramp([4, 4]),
    options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: 'same' },
    from: 'keras',
  },
  {
    name: "4×6 avg k3 s2 'same' (uneven padding, not counted)",
    input: wavy([4, 6], 'float64', 1),
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: 'same' },
    from: 'keras',
  },
  { name: '3×3 avg k2 p1 (corner divisors)', input: ramp([3, 3]), options: { mode: 'avg', kernel: [2, 2], padding: [1, 1] }, from: 'pytorch' },
  {
    name: '2×5×7 avg k3 s2 p1 ceil, count_include_pad=False',
    input: wavy([2, 5, 7], 'float64', 2),
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true, countIncludePad: false },
    from: 'pytorch',
  },
  { name: '5×5 max k2 s2 ceil', input: ramp([5, 5]), options: { mode: 'max', kernel: [2, 2], ceilMode: true }, from: 'pytorch' },
  {
    name: "1-D 9 max k3 s2 'same-lower'",
    input: wavy([2, 9], 'float64', 3),
    options: { mode: 'max', kernel: [3], stride: [2], padding: 'same-lower' },
    from: 'onnx',
  },
  { name: '1-D 10 min k2 s1 p1', input: wavy([10], 'float64', 4), options: { mode: 'min', kernel: [2], stride: [1], padding: [1] }, from: 'pytorch' },
  {
    name: 'float32 6×6 avg k3 s1 p1',
    input: wavy([6, 6], 'float32', 5),
    options: { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] },
    from: 'pytorch',
  },
  {
    name: 'float32 7×7 avg k3 s2 same',
    input: wavy([7, 7], 'float32', 6),
    options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: 'same' },
    from: 'keras',
  },
  {
    name: '6×6 max k2 s1 d2 p1',
    input: wavy([6, 6], 'float64', 7),
    options: { mode: 'max', kernel: [2, 2], stride: [1, 1], dilation: [2, 2], padding: [1, 1] },
    from: 'pytorch',
  },
  { name: '8 lp p=2 k2 s2', input: wavy([8], 'float64', 8), options: { mode: 'lp', kernel: [2], p: 2 }, from: 'pytorch' },
];
