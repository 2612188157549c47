/** The pooled values as nested-list text ("Copy result"), in the syntax of the document's language. */
import type { NDArray } from '../../core/types';

export type ListSyntax = 'python' | 'js';

export function listSyntaxOf(languageId: string): ListSyntax {
  return languageId === 'python' ? 'python' : 'js';
}

/**
 * e.g. "[[6, 8], [14, 16]]". Every value round-trips: the shortest decimal that reads back as the
 * same double (or the same float32 for float32 data).
 */
export function toNestedList(array: NDArray, syntax: ListSyntax): string {
  const { shape, data } = array;
  const float32 = data instanceof Float32Array;
  const parts: string[] = [];
  let k = 0;
  const emit = (dim: number): void => {
    if (dim === shape.length) {
      parts.push(numberText(data[k++]!, float32, syntax));
      return;
    }
    parts.push('[');
    for (let i = 0; i < shape[dim]!; i++) {
      if (i > 0) parts.push(', ');
      emit(dim + 1);
    }
    parts.push(']');
  };
  emit(0);
  return parts.join('');
}

function numberText(x: number, float32: boolean, syntax: ListSyntax): string {
  if (Number.isNaN(x)) return syntax === 'python' ? "float('nan')" : 'NaN';
  if (x === Infinity) return syntax === 'python' ? "float('inf')" : 'Infinity';
  if (x === -Infinity) return syntax === 'python' ? "float('-inf')" : '-Infinity';
  if (Object.is(x, -0)) return syntax === 'python' ? '-0.0' : '-0';
  if (!float32) return String(x);
  // A float32 widened to a double has a long decimal form; take the shortest that rounds back.
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}
