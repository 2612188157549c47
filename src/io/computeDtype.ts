/**
 * The one rule for the dtype arrays are pooled in (and the output's dtype): float32 when
 * every value of the input's dtype is exact in float32, float64 otherwise. So 8- and 16-bit
 * images and .npy files, bool and float16/float32 pool in float32 (as `x.float()` in
 * PyTorch); float64, 32/64-bit integers, and numbers read from text pool in float64.
 */
export type ComputeDtype = 'float32' | 'float64';

const EXACT_IN_FLOAT32 = new Set(['bool', 'int8', 'uint8', 'int16', 'uint16', 'float16', 'float32']);

export function computeDtype(dtype: string): ComputeDtype {
  return EXACT_IN_FLOAT32.has(dtype) ? 'float32' : 'float64';
}

/** The rule in words, for the UI. */
export const COMPUTE_DTYPE_RULE =
  'Pooled in float32 when every input value is exact in float32 (bool, 8- and 16-bit integers, float16, float32), otherwise in float64.';
