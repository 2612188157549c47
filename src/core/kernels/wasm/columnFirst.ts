/** (kw, kh) of the generated column-first kernels cmax/csum (scripts/wasm/gen-kernels.ts): 1-D windows and common squares. */
export const COLUMN_FIRST: readonly (readonly [number, number])[] = [
  [2, 1],
  [3, 1],
  [5, 1],
  [2, 2],
  [3, 3],
];
