/** What went wrong reading a value from a debugger; `message` is for the user as is. */
export type DebugErrorCode =
  | 'not_array'
  | 'ragged'
  | 'dtype'
  | 'sparse'
  | 'disposed'
  | 'too_large'
  | 'no_numpy'
  | 'layer'
  | 'changed'
  | 'evaluate'
  | 'timeout'
  | 'cancelled'
  | 'protocol';

export class DebugReadError extends Error {
  override name = 'DebugReadError';
  constructor(
    message: string,
    readonly code: DebugErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
