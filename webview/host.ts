// The webview's side of the host connection: posting messages, the requests that wait for a
// reply (export, copy), incoming messages checked before they are dispatched, and the state
// VS Code keeps for the panel (saved debounced).
import { parseHostMessage, type HostMessage, type LogLevel, type PanelState, type WebviewMessage } from '../src/protocol';

/** The messages the panel handles; replies are matched to their requests here. */
export type PanelMessage = Exclude<HostMessage, { type: 'reply' }>;

export interface HostHandlers {
  message(m: PanelMessage): void;
  /** A message that failed its checks (already logged back to the host). */
  rejected(raw: unknown, reason: string): void;
  /** A reply to a tracked request: its label, the outcome, and what to add to a success (which channel was copied). */
  reply(label: string, ok: boolean, message: string | undefined, detail: string | undefined): void;
}

const SAVE_DELAY_MS = 200;

export class HostLink {
  private readonly api = acquireVsCodeApi<PanelState>();
  private requestId = 0;
  private readonly pending = new Map<number, { label: string; detail?: string }>();
  private saveTimer = 0;

  constructor(private readonly handlers: HostHandlers) {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  log(level: LogLevel, message: string): void {
    this.post({ type: 'log', level, message });
  }

  /** A new request id whose reply will be reported with `label` (and `detail` on success). */
  track(label: string, detail?: string): number {
    const id = ++this.requestId;
    this.pending.set(id, detail === undefined ? { label } : { label, detail });
    return id;
  }

  savedState(): PanelState | undefined {
    return this.api.getState();
  }

  /** Saves the state `read` returns (debounced, read when saving, so the latest is kept). */
  save(read: () => PanelState | null): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = 0;
      const state = read();
      if (state) this.api.setState(state);
    }, SAVE_DELAY_MS);
  }

  private receive(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.log('warn', `webview ignored a host message: ${parsed.reason}`);
      this.handlers.rejected(raw, parsed.reason);
      return;
    }
    const m = parsed.message;
    if (m.type === 'reply') {
      const request = this.pending.get(m.requestId);
      if (request === undefined) return;
      this.pending.delete(m.requestId);
      this.handlers.reply(request.label, m.ok, m.message, request.detail);
      return;
    }
    this.handlers.message(m);
  }
}
