/**
 * A value in the debugger as a panel source. It reads in the frame the user selected, and —
 * while following — again whenever the debugger stops or another frame is selected; when that
 * fails (out of scope, session ended) the panel keeps the last good data, marked stale.
 */
import * as vscode from 'vscode';
import { DebugReadError, inspectDebugValue, layerParams, readDebugArray } from '../../debug';
import type { DebugLoadedArray, PoolingLayerInfo } from '../../debug';
import type { LoadedArray } from '../../io';
import { maxFileSizeMB } from '../config';
import { readDefaultParams } from '../defaultsConfig';
import type { Logger } from '../logger';
import { errorMessage } from '../logger';
import { initialFromDefaults } from '../panel/initialParams';
import { formatBytes, MB } from '../panel/load';
import type { Disposable, InitialParams, SourceEvents } from '../panel/source';
import { SourcePending } from '../panel/source';
import type { PanelSource } from '../panel/vscodePanel';
import { rememberShape } from './lastShape';
import { debugHeader, debugKey, debugTitle, forPanel } from './present';
import type { DebugTarget } from './present';
import { currentFrame, evaluatorFor, frameLocation, languageOf, NoFrameError } from './session';
import type { PausedFrame } from './session';

/** Reads `target.expression` in `frame` under a cancellable progress notification (or the status bar). */
export async function readInFrame(frame: PausedFrame, expression: string, where: 'notification' | 'window', signal?: AbortSignal): Promise<DebugLoadedArray> {
  const location = where === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  return vscode.window.withProgress(
    { location, title: `Pooling Lens: reading ${expression} from the debugger`, cancellable: where === 'notification' },
    async (progress, token) => {
      const controller = new AbortController();
      const onCancel = token.onCancellationRequested(() => controller.abort());
      const onOuter = (): void => controller.abort();
      signal?.addEventListener('abort', onOuter, { once: true });
      let reported = 0;
      try {
        const loaded = await readDebugArray(evaluatorFor(frame), expression, {
          language: frame.language,
          maxBytes: Math.floor(maxFileSizeMB() * MB),
          signal: controller.signal,
          onProgress: (done, total) => {
            const percent = total > 0 ? (done / total) * 100 : 100;
            progress.report({ increment: percent - reported, message: `${formatBytes(done)} of ${formatBytes(total)}` });
            reported = percent;
          },
        });
        rememberShape(expression, loaded.array.shape);
        return loaded;
      } finally {
        onCancel.dispose();
        signal?.removeEventListener('abort', onOuter);
      }
    },
  );
}

export class DebugSource implements PanelSource {
  readonly key: string;
  readonly title: string;
  readonly exportName: string;
  private arrays: LoadedArray[];
  private where: string | undefined;
  private stale: string | undefined;
  private following = true;
  private sessionId: string | undefined;
  private reading: AbortController | undefined;
  private events: SourceEvents | undefined;
  /** Called when the header changes (the tab title follows it). */
  onHeader: ((header: string) => void) | undefined;

  /**
   * `first`: the value as read when the user asked (with its frame and location); undefined for
   * a panel restored after a reload, which reads at the next stop (or at once if a frame is
   * paused) and says so until then. `layer`: the pooling layer's parameters, read with the first
   * value of a restored layer panel.
   */
  constructor(
    readonly target: DebugTarget,
    first: { loaded: DebugLoadedArray; frame: PausedFrame; where: string | undefined } | undefined,
    private layer: PoolingLayerInfo | undefined,
    private readonly log: Logger,
  ) {
    this.key = debugKey(target);
    this.title = debugTitle(target);
    this.exportName = `${target.expression.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'value'}.npy`;
    this.arrays = first ? [forPanel(first.loaded)] : [];
    this.where = first?.where;
    this.sessionId = first?.frame.session.id;
  }

  /** False for a restored panel until its first read. */
  get hasData(): boolean {
    return this.arrays.length > 0;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  displayName(): string {
    return debugHeader(this.target, { where: this.where, stale: this.stale, following: this.following });
  }

  load(): Promise<LoadedArray[]> {
    if (this.arrays.length > 0) return Promise.resolve(this.arrays);
    const why = this.stale ? ` (last try: ${this.stale})` : '';
    return Promise.reject(
      new SourcePending(
        `Waiting for the debugger: this panel showed ${debugTitle(this.target)} before the window reloaded, and reads it again when a debug session stops${why}.`,
      ),
    );
  }

  initialParams(array: LoadedArray): InitialParams | undefined {
    if (this.layer) return layerParams(this.layer, array.array.shape, this.target.expression);
    return initialFromDefaults(readDefaultParams(), array.array.shape).initial;
  }

  setFollowing(following: boolean): void {
    this.following = following;
    if (following) void this.reread();
    else this.changed();
  }

  /** Reads again in the selected frame now (the user asked for the same value again, or a stop while following). */
  async reread(): Promise<void> {
    this.reading?.abort();
    const controller = new AbortController();
    this.reading = controller;
    let frame: PausedFrame;
    try {
      frame = currentFrame();
    } catch (e) {
      if (e instanceof NoFrameError) return; // running: keep what is shown until the next stop
      throw e;
    }
    try {
      // A restored layer panel reads the layer's parameters with its first value.
      if (this.target.layer !== undefined && this.layer === undefined) this.layer = await readLayer(frame, this.target.layer);
      const loaded = await readInFrame(frame, this.target.expression, 'window', controller.signal);
      if (controller.signal.aborted) return;
      if (this.layer) layerParams(this.layer, loaded.array.shape, this.target.expression); // the new shape must still fit the layer
      this.arrays = [forPanel(loaded)];
      this.where = await frameLocation(frame);
      this.sessionId = frame.session.id;
      this.stale = undefined;
      this.log.info(`${this.title}: read again at ${this.where ?? 'the selected frame'}`);
    } catch (e) {
      if (controller.signal.aborted || (e instanceof DebugReadError && e.code === 'cancelled')) return;
      this.stale = staleReason(e);
      this.log.info(`${this.title}: kept the last data (${errorMessage(e)})`);
    }
    this.changed();
  }

  watch(events: SourceEvents): Disposable[] {
    this.events = events;
    // Restored without data: read now if a frame is paused (else at the next stop).
    if (this.arrays.length === 0) void this.reread();
    return [
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (!this.following || !item || !('frameId' in item) || !languageOf(item.session)) return;
        void this.reread();
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.id !== this.sessionId || this.stale) return;
        this.stale = 'the debug session ended';
        this.log.info(`${this.title}: the debug session ended; the panel keeps the last data, marked stale`);
        this.changed();
      }),
      { dispose: () => this.reading?.abort() },
    ];
  }

  private changed(): void {
    this.onHeader?.(this.displayName());
    // The same (or new) data goes to the webview again with the new header; its parameters stay.
    this.events?.changed();
  }
}

/** The parameters of the pooling layer `expression` in `frame`; an error for the user when it is not one. */
async function readLayer(frame: PausedFrame, expression: string): Promise<PoolingLayerInfo> {
  const info = await inspectDebugValue(evaluatorFor(frame), expression, { language: frame.language });
  if (info.kind !== 'layer') throw new DebugReadError(`${expression} is not a pooling layer in this frame`, 'layer');
  return info.layer;
}

function staleReason(e: unknown): string {
  const text = errorMessage(e);
  if (/NameError|is not defined/.test(text)) return 'not defined in this frame';
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export { formatBytes };
