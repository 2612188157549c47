/**
 * The dtype an array literal has where it is written, and its values stored by the one
 * compute-dtype rule. A dtype named in the literal wins (`dtype=np.float32`,
 * `torch.int32`, `new Uint8Array(…)`); otherwise Python gives int64 for integers and float64
 * for floats as NumPy does (torch.tensor / tf.constant floats are float32), and JS numbers
 * are float64.
 */
import type { NDArray } from '../../core/types';
import { computeDtype } from '../computeDtype';
import { dialectOf } from './index';

const TYPED_ARRAYS: Record<string, string> = {
  Float32Array: 'float32',
  Float64Array: 'float64',
  Int8Array: 'int8',
  Uint8Array: 'uint8',
  Uint8ClampedArray: 'uint8',
  Int16Array: 'int16',
  Uint16Array: 'uint16',
  Int32Array: 'int32',
  Uint32Array: 'uint32',
};
const ALIASES: Record<string, string> = { half: 'float16', float: 'float32', double: 'float64', short: 'int16', int: 'int32', long: 'int64' };
const NAMED = /\b(float16|float32|float64|int8|int16|int32|int64|uint8|uint16|uint32|uint64|bool)\b/;
const TORCH_ALIAS = /\btorch\.(half|float|double|short|int|long)\b/;
const TYPED = /\b(Float32Array|Float64Array|Int8Array|Uint8Array|Uint8ClampedArray|Int16Array|Uint16Array|Int32Array|Uint32Array)\b/;
/** A number written with a fraction or exponent, or inf/nan: not an integer literal. */
const FLOAT_SYNTAX = /\d\.|\.\d|\d[eE][+-]?\d|\b(inf|nan|Infinity|NaN)\b/i;

const CALL = /\b(torch\.tensor|tf\.constant|tf\.convert_to_tensor)\s*\(/;
const CALL_AT_END = /\b(torch\.tensor|tf\.constant|tf\.convert_to_tensor)\s*$/;
const TF = /\btf\./;

/**
 * `source` is the literal's text, whole or in consecutive parts that end at line breaks (as the
 * hover reads a large document): the answer is the same, and no part is copied.
 */
export function literalDtype(source: string | readonly string[], languageId?: string): string {
  const parts = typeof source === 'string' ? [source] : source;
  // Each pattern but CALL's `\s*(` stays within a line, so the first match in part order is the first in the text.
  const first = (re: RegExp): RegExpExecArray | null => {
    for (const p of parts) {
      const m = re.exec(p);
      if (m) return m;
    }
    return null;
  };
  const typed = first(TYPED);
  if (typed) return TYPED_ARRAYS[typed[1]!]!;
  const named = first(NAMED);
  if (named) return named[1]!;
  const alias = first(TORCH_ALIAS);
  if (alias) return ALIASES[alias[1]!]!;
  if (dialectOf(languageId) !== 'python') return 'float64';
  const floats = first(FLOAT_SYNTAX) !== null;
  if (tensorCall(parts)) return floats ? 'float32' : first(TF) ? 'int32' : 'int64';
  return floats ? 'float64' : 'int64';
}

/** Whether torch.tensor( / tf.constant( … is in the parts, the name and its `(` possibly lines apart. */
function tensorCall(parts: readonly string[]): boolean {
  for (let k = 0; k < parts.length; k++) {
    if (CALL.test(parts[k]!)) return true;
    if (!CALL_AT_END.test(parts[k]!)) continue;
    for (let j = k + 1; j < parts.length; j++) {
      const rest = parts[j]!.trimStart();
      if (rest.length > 0) {
        if (rest.startsWith('(')) return true;
        break;
      }
    }
  }
  return false;
}

/** The literal's values in the storage computeDtype(dtype) names (float32 rounds as NumPy's astype does). */
export function literalArray(array: NDArray, dtype: string): NDArray {
  if (computeDtype(dtype) === 'float32' && !(array.data instanceof Float32Array)) return { shape: array.shape, data: new Float32Array(array.data) };
  return array;
}
