// Minimal assertions for the in-VS Code suites: Node's `assert` is not available
// in the web extension host, and these few are all the suites need.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

export function deepEqual(actual: unknown, expected: unknown, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${message}: expected ${e}, got ${a}`);
}
