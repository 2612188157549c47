/** Where the extension writes what users may need to diagnose a problem (the "Pooling Lens" output channel). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The user-facing message of any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Message, error class and stack: the detail that goes to the output channel, not to a notification. */
export function errorDetail(e: unknown): string {
  if (e instanceof Error) {
    const stack = e.stack?.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack ?? ''}`;
    return stack.trim();
  }
  return String(e);
}

/** A short, single-line preview of an untrusted value for the log (never the whole of a large message). */
export function preview(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
