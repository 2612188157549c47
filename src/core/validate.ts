import { PoolingError } from './types.js';
import type { NDArray } from './types.js';

/** Largest output (and indices) we allocate: 2^28 cells (1 GiB of float32 + 1 GiB of indices). */
export const MAX_OUTPUT_CELLS = 2 ** 28;
/** Largest kernel/stride/dilation/padding/size value we accept (int32, as torch's index math). */
export const MAX_PARAMETER = 2 ** 31 - 1;

export function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** An integer in [min, MAX_PARAMETER]; `label` is how the message names it, e.g. "kernel[1]". */
export function checkInt(value: unknown, min: number, parameter: string, label: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_PARAMETER) {
    const want = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
    throw new PoolingError(`${label} must be ${want} (≤ ${MAX_PARAMETER}), got ${describe(value)}`, parameter);
  }
  return value;
}

/** An array of `length` integers ≥ min. */
export function checkIntArray(value: unknown, length: number, min: number, parameter: string): number[] {
  if (!Array.isArray(value)) {
    throw new PoolingError(`${parameter} must be an array of ${length} integers, got ${describe(value)}`, parameter);
  }
  if (value.length !== length) {
    throw new PoolingError(
      `${parameter} must have ${length} entr${length === 1 ? 'y' : 'ies'} (one per spatial dim), got ${value.length}: ${describe(value)}`,
      parameter,
    );
  }
  return value.map((v, i) => checkInt(v, min, parameter, `${parameter}[${i}]`));
}

export function checkBoolean(value: unknown, parameter: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new PoolingError(`${parameter} must be true or false, got ${describe(value)}`, parameter);
  }
  return value;
}

/** A shape: non-negative integers. */
export function checkShape(shape: unknown, parameter: string): number[] {
  if (!Array.isArray(shape)) throw new PoolingError(`${parameter} must be an array of sizes, got ${describe(shape)}`, parameter);
  return shape.map((v, i) => checkInt(v, 0, parameter, `${parameter}[${i}]`));
}

export function product(values: readonly number[], from = 0, to = values.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= values[i]!;
  return p;
}

/** The input array is well-formed: its data holds exactly prod(shape) numbers. */
export function checkArray(input: NDArray, parameter = 'input'): number[] {
  if (input === null || typeof input !== 'object') {
    throw new PoolingError(`${parameter} must be an array with shape and data, got ${describe(input)}`, parameter);
  }
  const shape = checkShape(input.shape, `${parameter}.shape`);
  const data: unknown = input.data;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new PoolingError(`${parameter}.data must be a Float32Array or Float64Array`, parameter);
  }
  const n = product(shape);
  if (data.length !== n) {
    throw new PoolingError(`${parameter}.data has ${data.length} values but shape ${describe(shape)} needs ${n}`, parameter);
  }
  return shape;
}

/** Spatial dims are the last d dims, each non-empty. */
export function checkSpatial(shape: readonly number[], d: number, parameter: string): void {
  if (d > shape.length) {
    throw new PoolingError(`${parameter} has ${d} spatial dims but the input has only ${shape.length} dims (shape ${describe(shape)})`, 'input');
  }
  for (let i = shape.length - d; i < shape.length; i++) {
    if (shape[i] === 0) {
      throw new PoolingError(`input spatial dim ${i} is empty (shape ${describe(shape)}); pooling needs at least one cell`, 'input');
    }
  }
}

export function checkOutputCells(cells: number, shape: readonly number[]): void {
  if (cells > MAX_OUTPUT_CELLS) {
    throw new PoolingError(`output too large: shape ${describe(shape)} has ${cells} cells, more than the limit of ${MAX_OUTPUT_CELLS}`, 'output');
  }
}
