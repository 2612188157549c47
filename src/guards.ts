// Run-time type guards for values that crossed a boundary (messages, restored state, settings).
// Pure; shared by the protocol, the host and the webview.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function isNonNegInt(v: unknown): v is number {
  return isInt(v) && v >= 0;
}

// One argument each, so they can be passed to filter/every (which pass an index second).
export function isString(v: unknown): v is string {
  return typeof v === 'string';
}

export function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every(isInt);
}

/** A string of at most `maxLen` characters. */
export function isStringUpTo(v: unknown, maxLen: number): v is string {
  return typeof v === 'string' && v.length <= maxLen;
}

/** At most `maxLen` safe integers. */
export function isIntArrayUpTo(v: unknown, maxLen: number): v is number[] {
  return Array.isArray(v) && v.length <= maxLen && v.every(isInt);
}

/** True when `v` is one of `list` (an `as const` list), narrowing it to the list's type. */
export function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}
