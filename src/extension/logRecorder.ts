/**
 * Remembers the last lines written to the "Pooling Lens" output channel, so the VS Code tests can
 * check (through a hidden command) that untrusted input was logged. Bounded: the last MAX_LINES
 * lines, each cut to MAX_CHARS.
 */
import type { LogOutputChannel } from 'vscode';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface RecordedLines {
  /** Lines written since activation (including those no longer kept). */
  total: number;
  lines: { level: LogLevel; message: string }[];
}

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['trace', 'debug', 'info', 'warn', 'error']);
export const MAX_LINES = 500;
export const MAX_CHARS = 2000;

export class LogRecorder {
  private readonly lines: { level: LogLevel; message: string }[] = [];
  private total = 0;

  record(level: LogLevel, message: string): void {
    this.total++;
    this.lines.push({ level, message: message.length > MAX_CHARS ? `${message.slice(0, MAX_CHARS)}…` : message });
    if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
  }

  recent(): RecordedLines {
    return { total: this.total, lines: this.lines.slice() };
  }
}

/** The channel itself, with its trace/debug/info/warn/error calls also recorded. */
export function recordingChannel(channel: LogOutputChannel, recorder: LogRecorder): LogOutputChannel {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof property === 'string' && LEVELS.has(property) && typeof value === 'function') {
        return (message: unknown, ...rest: unknown[]) => {
          recorder.record(property as LogLevel, message instanceof Error ? message.message : String(message));
          return (value as (...args: unknown[]) => unknown).call(target, message, ...rest);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
