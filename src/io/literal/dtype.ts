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
/** Every match of TYPED, NAMED, TORCH_ALIAS, CALL and TF contains one of these (indexOf is far faster than the patterns). */
const NAME_PARTS = ['Array', 'float', 'int', 'bool', 'torch.', 'tf.'];

/**
 * `source` is the literal's text, whole or in consecutive parts that end at line breaks (as the
 * hover reads a large document): the answer is the same, and no part is copied.
 */
export function literalDtype(source: string | readonly string[], languageId?: string): string {
  const reader = new LiteralDtypeReader();
  for (const part of typeof source === 'string' ? [source] : source) reader.feed(part);
  return reader.dtype(languageId);
}

/**
 * literalDtype part by part, so a caller can pause between the parts of a large literal. Each
 * pattern but the call's `\s*(` stays within a line, so the first match in part order is the
 * first in the text; a call name ending a part waits for the next part that is not blank.
 */
export class LiteralDtypeReader {
  private typed: string | undefined;
  private named: string | undefined;
  private alias: string | undefined;
  private floats = false;
  private call = false;
  private callPending = false;
  private tf = false;

  feed(part: string): void {
    if (this.typed !== undefined) return; // decides whatever follows
    if (!NAME_PARTS.some((n) => part.includes(n))) {
      // No name can match here (a large literal's body): only the float syntax and a pending call's `(` matter.
      if (!this.floats) this.floats = FLOAT_SYNTAX.test(part);
      if (this.callPending) {
        const rest = part.trimStart();
        if (rest.length > 0) {
          this.callPending = false;
          this.call = rest.startsWith('(');
        }
      }
      return;
    }
    const typed = TYPED.exec(part);
    if (typed) {
      this.typed = typed[1]!;
      return;
    }
    if (this.named === undefined) this.named = NAMED.exec(part)?.[1];
    if (this.alias === undefined) this.alias = TORCH_ALIAS.exec(part)?.[1];
    if (!this.floats) this.floats = FLOAT_SYNTAX.test(part);
    if (!this.tf) this.tf = TF.test(part);
    if (this.callPending) {
      const rest = part.trimStart();
      if (rest.length === 0) return;
      this.callPending = false;
      if (rest.startsWith('(')) this.call = true;
    }
    if (!this.call) {
      if (CALL.test(part)) this.call = true;
      else if (CALL_AT_END.test(part)) this.callPending = true;
    }
  }

  dtype(languageId?: string): string {
    if (this.typed !== undefined) return TYPED_ARRAYS[this.typed]!;
    if (this.named !== undefined) return this.named;
    if (this.alias !== undefined) return ALIASES[this.alias]!;
    if (dialectOf(languageId) !== 'python') return 'float64';
    if (this.call) return this.floats ? 'float32' : this.tf ? 'int32' : 'int64';
    return this.floats ? 'float64' : 'int64';
  }
}

/** The literal's values in the storage computeDtype(dtype) names (float32 rounds as NumPy's astype does). */
export function literalArray(array: NDArray, dtype: string): NDArray {
  if (computeDtype(dtype) === 'float32' && !(array.data instanceof Float32Array)) return { shape: array.shape, data: new Float32Array(array.data) };
  return array;
}
