import { PoolingError } from '../types.js';
import { describe } from '../validate.js';

/** Python literal of an int tuple: `2` for one dim (functional APIs accept ints), `(2, 3)` otherwise. */
export function pyInts(values: readonly number[], scalarWhenSingle = true): string {
  if (values.length === 1 && scalarWhenSingle) return String(values[0]);
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

export function pyList(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

export function pyFloat(value: number): string {
  if (value === Infinity) return "float('inf')";
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export function unsupported(framework: string, what: string): PoolingError {
  return new PoolingError(`${framework} cannot express ${what}`, 'convention');
}

/** An int or a list of `d` ints, as framework parameter sets allow. */
export function expand(value: number | readonly number[], d: number, parameter: string): number[] {
  if (typeof value === 'number') return new Array<number>(d).fill(value);
  if (!Array.isArray(value) || value.length !== d) {
    throw new PoolingError(`${parameter} must be an int or a list of ${d} ints, got ${describe(value)}`, parameter);
  }
  return value.slice();
}

/** Spatial sizes for a runnable example when the caller gave no input shape: 8, or the window extent. */
export function exampleShape(kernel: readonly number[], dilation: readonly number[]): number[] {
  return [1, 1, ...kernel.map((k, i) => Math.max(8, (dilation[i] ?? 1) * (k - 1) + 1))];
}

/**
 * Where a snippet's x comes from: by default arange(1, n + 1) in float64; `values` writes the
 * numbers themselves (each one exactly: shortest round-trip decimal); `npy` loads a file.
 */
export type CodeInput =
  | { kind: 'arange' }
  | { kind: 'values'; values: ArrayLike<number>; dtype: 'float32' | 'float64' }
  | { kind: 'npy'; path: string; dtype: 'float32' | 'float64' };

export const ARANGE: CodeInput = { kind: 'arange' };

export function inputDtype(input: CodeInput): 'float32' | 'float64' {
  return input.kind === 'arange' ? 'float64' : input.dtype;
}

/** A Python float literal that reads back as exactly `v` (NaN, ±inf and −0 included). */
export function pyExact(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  if (Object.is(v, -0)) return '-0.0';
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v);
}

/** The `x = …` line: arange, the values themselves, or np.load, reshaped to `shape`. */
export function inputLine(lib: 'torch' | 'np', shape: readonly number[], input: CodeInput = ARANGE): string {
  const dtype = `${lib}.${inputDtype(input)}`;
  const reshape = `.reshape(${pyInts(shape, false)})`;
  if (input.kind === 'values') {
    const list = `[${Array.from(input.values, pyExact).join(', ')}]`;
    return `x = ${lib === 'torch' ? 'torch.tensor' : 'np.array'}(${list}, dtype=${dtype})${reshape}`;
  }
  if (input.kind === 'npy') {
    const load = `np.load(${JSON.stringify(input.path)}).astype(np.${input.dtype})${reshape}`;
    return lib === 'torch' ? `x = torch.from_numpy(${load})` : `x = ${load}`;
  }
  const n = shape.reduce((a, b) => a * b, 1);
  return `x = ${lib}.arange(1, ${n + 1}, dtype=${dtype})${reshape}`;
}

/** Kept for callers that only want arange. */
export function arangeInput(lib: 'torch' | 'np', shape: readonly number[]): string {
  return inputLine(lib, shape, ARANGE);
}
