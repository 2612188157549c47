// Hover over an array: Pooling Lens shows it max-pooled (2x2, stride 2).
export const grid = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 16],
];

export const samples = new Float32Array([3, 1, 4, 1, 5, 9, 2, 6]);

export const label = 'not an array';
export const modes = ['max', 'min', 'avg'];
export const ragged = [[1, 2, 3], [4, 5]];
