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

/** `np.arange(1, n + 1, dtype=…).reshape(shape)`-style input line. */
export function arangeInput(lib: 'torch' | 'np', shape: readonly number[]): string {
  const n = shape.reduce((a, b) => a * b, 1);
  const dtype = lib === 'torch' ? 'torch.float64' : 'np.float64';
  return `x = ${lib}.arange(1, ${n + 1}, dtype=${dtype}).reshape(${pyInts(shape, false)})`;
}
