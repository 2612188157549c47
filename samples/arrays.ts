// Hover over any array literal below: Pooling Lens shows it max-pooled (2x2, stride 2).
// Change the pooling in Settings > Pooling Lens > Hover (mode, kernel, stride, padding).

// The tutorial's 4x4 example: 2x2 max pooling gives [[6, 8], [14, 16]].
export const image: number[][] = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 16],
];

// A typed array is 1-D: with kernel 2 and stride 2, [2, 4, 6, 8].
export const samples = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);

// The 1-D sequence of the tutorial (try stride 1 in the settings: 2, 3, ..., 10).
export const sequence = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

// Non-finite values are kept: max pooling lets NaN win, as PyTorch does.
export const readings = [
  [0.25, -1.5, NaN, 2],
  [3.75, 0, Infinity, -Infinity],
];

// A batch of two 4x4 planes: the hover shows the first plane.
export const batch = [
  [[1, 0, 2, 0], [0, 3, 0, 4], [5, 0, 6, 0], [0, 7, 0, 8]],
  [[8, 0, 7, 0], [0, 6, 0, 5], [4, 0, 3, 0], [0, 2, 0, 1]],
];

// No hover on these arrays: not numbers, and rows of different lengths (a row alone is 1-D).
export const modes = ['max', 'min', 'avg', 'sum'];
export const ragged = [[1, 2, 3], [4, 5]];
