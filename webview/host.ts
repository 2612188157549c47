// The webview's side of the host connection: posting messages, the requests that wait for a
// reply (export, copy), incoming messages checked before they are dispatched, and the state
// VS Code keeps for the panel (saved debounced).
import {
  parseHostMessage,
  REPLY_PARSERS,
  type HostMessage,
  type LogLevel,
  type PanelState,
  type Replies,
  type RequestMessage,
  type RequestType,
  type WebviewMessage,
} from '../src/protocol';
import { recordTimeline } from './testHooks';

/** The messages the panel handles; replies are matched to their requests here. */
export type PanelMessage = Exclude<HostMessage, { type: 'reply' }>;

export interface HostHandlers {
  message(m: PanelMessage): void;
  /** A message that failed its checks (already logged back to the host). */
  rejected(raw: unknown, reason: string): void;
}

/** A request waiting for its reply: its type (to check the reply against) and how to settle it. */
interface Pending {
  type: RequestType;
  settle(reply: Record<string, unknown>): void;
}

const SAVE_DELAY_MS = 200;

export class HostLink {
  private readonly api = acquireVsCodeApi<PanelState>();
  private requestId = 0;
  private readonly pending = new Map<number, Pending>();
  private saveTimer = 0;

  constructor(private readonly handlers: HostHandlers) {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  post(message: WebviewMessage): void {
    if (POOLING_LENS_TEST_HOOKS && message.type === 'rendered')
      recordTimeline({ kind: 'rendered', at: performance.now(), output: message.output, error: message.error });
    if (POOLING_LENS_TEST_HOOKS && message.type === 'ready') recordTimeline({ kind: 'ready', at: performance.now() });
    this.api.postMessage(message);
  }

  log(level: LogLevel, message: string): void {
    this.post({ type: 'log', level, message });
  }

  /**
   * Posts a request and resolves with the host's reply to it, checked as that request's reply.
   * A malformed reply resolves as a failure saying so (and is logged back to the host).
   */
  request<K extends RequestType>(message: Omit<RequestMessage<K>, 'requestId'> & { type: K }): Promise<Replies[K]> {
    const requestId = ++this.requestId;
    return new Promise<Replies[K]>((resolve) => {
      this.pending.set(requestId, {
        type: message.type,
        settle: (raw) => {
          const parsed = REPLY_PARSERS[message.type](raw);
          if (parsed.ok) return resolve(parsed.value);
          this.log('warn', `webview ignored the reply to '${message.type}': ${parsed.reason}`);
          resolve({ ok: false, message: `The reply to '${message.type}' was malformed: ${parsed.reason}.` } as Replies[K]);
        },
      });
      this.post({ ...message, requestId } as RequestMessage<K>);
    });
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
    if (POOLING_LENS_TEST_HOOKS) {
      const type = (raw as { type?: unknown } | null)?.type;
      if (type === 'load' || type === 'loadStart') recordTimeline({ kind: 'load', at: performance.now() });
    }
    // A reply is checked as the reply to its request: a malformed one still settles that request.
    if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'reply') {
      const id = (raw as { requestId?: unknown }).requestId;
      const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
      if (pending) {
        this.pending.delete(id as number);
        pending.settle(raw as Record<string, unknown>);
        return;
      }
    }
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.log('warn', `webview ignored a host message: ${parsed.reason}`);
      this.handlers.rejected(raw, parsed.reason);
      return;
    }
    const m = parsed.message;
    if (m.type === 'reply') return; // to no request we are waiting for (answered already, or never asked)
    this.handlers.message(m);
  }
}
