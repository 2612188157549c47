/**
 * One panel's logic, free of `vscode` so it runs under vitest: the ready handshake, loading and
 * refreshing, and every message from the (untrusted) webview. The VS Code wiring lives in
 * vscodePanel.ts and hands in a `PanelHost`.
 */
import type { LoadedArray } from '../../io';
import { CHUNKS_IN_FLIGHT } from '../../chunks';
import { isRequest, MAX_COPY_CHARS, parseWebviewMessage } from '../../protocol';
import type {
  Convention,
  ExportFormat,
  HostMessage,
  LoadFields,
  PanelIntro,
  Replies,
  RequestMessage,
  RequestType,
  ValueRange,
  WebviewMessage,
} from '../../protocol';
import { errorDetail, errorMessage, preview } from '../logger';
import type { Logger } from '../logger';
import { computeExport, defaultExportName, encodeExport } from './exportPool';
import { readErrorForUser } from './load';
import { noteLoadStage } from './loadTimes';
import { postsInChunks, toArrayPayload, toChunkedPayload } from './payload';
import type { InitialParams } from './source';
import { SourcePending } from './source';
import { yieldToEventLoop } from '../../io/steps';

export type RenderedMessage = Extract<WebviewMessage, { type: 'rendered' }>;
type LoadReason = NonNullable<Extract<HostMessage, { type: 'load' }>['reason']>;

export interface PanelSettings {
  colormap: string;
  decimals: number;
  convention: Convention;
}

export interface SaveTarget {
  /** How to name the place to the user (workspace-relative where it can be). */
  label: string;
  write(bytes: Uint8Array): Promise<void>;
  /** After a successful write: tells the user where the file is, with an action to open it. */
  announce(): void;
}

/** Everything the controller needs from VS Code, as plain functions. */
export interface PanelHost {
  /**
   * Reads and decodes the panel's file; throws an error whose message is for the user. Once
   * `keepGoing` says false (the panel closed, a newer read began) it may stop decoding.
   */
  loadFile(keepGoing?: () => boolean): Promise<LoadedArray[]>;
  /**
   * True when loadFile reads the same data again (a file): the controller then drops the values
   * once the webview has them (a 256 MB array need not live on the host too) and reads the file
   * again for an export, another .npz member or a reloaded webview.
   */
  rereadable?: boolean;
  /** Parameters a new panel starts with, for the array shown (settings, hover settings, tutorial). */
  initialParams?(array: LoadedArray): InitialParams | undefined;
  /** The header's name now, when it is not the fixed `fileName` (a value followed in the debugger). */
  displayName?(): string;
  post(message: HostMessage): PromiseLike<boolean>;
  /** Lets the host's event loop run between slices of long work (default yieldToEventLoop; tests count the pauses). */
  pause?(): Promise<void>;
  log: Logger;
  showError(message: string): void;
  showWarning(message: string): void;
  /** A save dialog next to the input; undefined when the user cancels. */
  pickSaveTarget(defaultName: string, format: ExportFormat): PromiseLike<SaveTarget | undefined>;
  copyToClipboard(text: string): PromiseLike<void>;
  openOther(): PromiseLike<void>;
  settings(): PanelSettings;
  /** Called when what the status bar or tests show changed (rendered, errors). */
  changed(): void;
}

export interface PanelInit {
  fileName: string;
  /** The file's URI as text; undefined only for a panel whose saved state could not be restored. */
  uri: string | undefined;
  reason: 'open' | 'restore';
  /** Restored UI state, sent back once with the first load. */
  ui?: unknown;
  /** Restored npz member. */
  arrayName?: string;
  /** Set when the panel cannot load anything (e.g. invalid saved state): shown instead of data. */
  fatalMessage?: string;
  /** Explanation shown above the grids (the tutorial). */
  intro?: PanelIntro;
  /** Names exported files (`<stem>.pooled.npy`) when `fileName` is not a file name. */
  exportName?: string;
}

/** What a test (or the status bar) can observe about a panel. */
export interface PanelSnapshot {
  uri: string | undefined;
  fileName: string;
  ready: boolean;
  loaded: boolean;
  arrayName: string | undefined;
  rendered: RenderedMessage | undefined;
  /** The error the panel shows instead of data, if any. */
  loadError: string | undefined;
  /** True when loadError is a wait for data (a debugger value before its first stop), not an error. */
  pending?: boolean;
  /** The last non-fatal notice (e.g. a failed refresh). */
  notice: string | undefined;
}

/** Clipboard text longer than this is refused (the webview should offer an export instead). */
export { MAX_COPY_CHARS };

export class PanelController {
  private ready = false;
  private disposed = false;
  /** The file's arrays; with `dropped`, their names, dtypes and shapes only (see PanelHost.rereadable). */
  private arrays: LoadedArray[] | undefined;
  private dropped = false;
  private selected: string | undefined;
  private fatal: string | undefined;
  /** `fatal` is a wait (SourcePending), not an error. */
  private pending = false;
  private notice: string | undefined;
  private rendered: RenderedMessage | undefined;
  /** Only the newest read may land: a slow read of an old version is dropped. */
  private generation = 0;
  private pendingUi: unknown;
  private nextReason: LoadReason;
  /** Counts sends of the data: a chunked send stops when a newer one starts (its load id). */
  private sends = 0;

  constructor(
    private readonly host: PanelHost,
    private readonly init: PanelInit,
  ) {
    this.pendingUi = init.ui;
    this.selected = init.arrayName;
    this.nextReason = init.reason;
    this.fatal = init.fatalMessage;
  }

  /** Starts the first read (in parallel with the webview starting up). */
  start(): Promise<void> {
    if (this.fatal !== undefined) {
      this.host.log.warn(`${this.init.fileName}: ${this.fatal}`);
      this.host.changed();
      return Promise.resolve();
    }
    return this.read(false);
  }

  /** The file changed on disk. */
  refresh(): Promise<void> {
    if (this.init.uri === undefined) return Promise.resolve();
    return this.read(true);
  }

  /** The file was deleted: keep what is shown and say so (or show the error if nothing was ever read). */
  fileDeleted(): void {
    if (this.disposed) return;
    this.generation++; // a read still under way would report a confusing error
    if (this.arrays === undefined) {
      void this.failed(new Error(`${this.init.fileName} was deleted or moved.`), false);
      return;
    }
    this.setNotice('warn', `${this.init.fileName} was deleted or moved. The panel keeps showing the last version it read.`);
  }

  snapshot(): PanelSnapshot {
    return {
      uri: this.init.uri,
      fileName: this.init.fileName,
      ready: this.ready,
      loaded: this.arrays !== undefined,
      arrayName: this.current()?.name,
      rendered: this.rendered,
      loadError: this.arrays === undefined ? this.fatal : undefined,
      ...(this.arrays === undefined && this.fatal !== undefined && this.pending ? { pending: true } : {}),
      notice: this.notice,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
  }

  /** Entry point for every message the webview posts. Never throws. */
  async handleMessage(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.host.log.warn(`${this.init.fileName}: dropped an invalid message from the webview (${parsed.reason}): ${preview(raw)}`);
      return;
    }
    const message = parsed.value;
    try {
      await this.dispatch(message);
    } catch (e) {
      this.host.log.error(`${this.init.fileName}: handling '${message.type}' failed: ${errorDetail(e)}`);
      if (isRequest(message)) await this.reply(message, { ok: false, message: errorMessage(e) });
    }
  }

  private async dispatch(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendCurrent();
        return;
      case 'export':
        await this.export(message);
        return;
      case 'copyText':
        if (message.text.length > MAX_COPY_CHARS) {
          await this.reply(message, {
            ok: false,
            message: `That is ${message.text.length.toLocaleString('en-US')} characters, too many to copy; export the output as .npy or .csv instead.`,
          });
          return;
        }
        await this.host.copyToClipboard(message.text);
        await this.reply(message, { ok: true, message: 'Copied to the clipboard.' });
        return;
      case 'selectArray': {
        const member = this.arrays?.find((a) => a.name === message.name);
        if (!member) {
          this.host.log.warn(`${this.init.fileName}: the webview asked for array '${preview(message.name, 80)}', which the file does not hold`);
          return;
        }
        if (member.error) {
          this.setNotice('warn', `${this.init.fileName}: ${member.name} cannot be shown: ${readErrorForUser(member.error)}`);
          return;
        }
        this.selected = message.name;
        this.nextReason = 'select';
        await this.sendCurrent();
        return;
      }
      case 'openOther':
        await this.host.openOther();
        return;
      case 'rendered':
        this.rendered = message;
        this.host.changed();
        return;
      case 'log':
        this.host.log[message.level](`[webview ${this.init.fileName}] ${message.message}`);
        return;
    }
  }

  private async read(isRefresh: boolean): Promise<void> {
    const generation = ++this.generation;
    let arrays: LoadedArray[];
    try {
      arrays = await this.host.loadFile(() => generation === this.generation && !this.disposed);
    } catch (e) {
      if (generation !== this.generation || this.disposed) return;
      await this.failed(e, isRefresh);
      return;
    }
    if (generation !== this.generation || this.disposed) return;
    if (POOLING_LENS_TEST_HOOKS) noteLoadStage('read');
    const usable = arrays.filter((a) => !a.error);
    if (usable.length === 0) {
      // Every member of an .npz failed: as fatal as a file that failed.
      const reasons = arrays.map((a) => (a.error ? readErrorForUser(a.error) : a.name)).join('; ');
      await this.failed(new Error(`Could not load any array from ${this.init.fileName}: ${reasons}`), isRefresh);
      return;
    }
    for (const a of arrays) if (a.error) this.host.log.warn(`${this.init.fileName}: member ${a.name} skipped: ${readErrorForUser(a.error)}`);
    this.arrays = arrays;
    this.dropped = false;
    this.fatal = undefined;
    if (isRefresh) {
      this.nextReason = 'refresh';
      this.notice = undefined;
    }
    if (!usable.some((a) => a.name === this.selected)) this.selected = usable[0]!.name;
    this.host.changed();
    if (this.ready) await this.sendCurrent();
  }

  private async failed(e: unknown, isRefresh: boolean): Promise<void> {
    const pending = e instanceof SourcePending;
    if (pending) this.host.log.info(`${this.init.fileName}: ${e.message}`);
    else this.host.log.error(`${this.init.fileName}: ${errorMessage(e)}\n${errorDetail((e as { cause?: unknown }).cause ?? e)}`);
    if (isRefresh && this.arrays !== undefined) {
      // Keep the last good data on screen: a half-written or broken file is often transient.
      this.setNotice('warn', `${errorMessage(e)} The panel keeps showing the last version that loaded.`);
      return;
    }
    this.pending = pending;
    if (pending) {
      // Not a failure: the panel says what it waits for until the source reports data.
      this.fatal = e.message;
      this.host.changed();
      await this.sendCurrent();
      return;
    }
    this.fatal = errorMessage(e);
    this.host.showError(this.fatal);
    this.host.changed();
    await this.sendCurrent();
  }

  private current(): LoadedArray | undefined {
    return this.arrays?.find((a) => a.name === this.selected && !a.error) ?? this.arrays?.find((a) => !a.error);
  }

  /** Keeps what the status bar, member list and initial parameters need; the values go. */
  private dropValues(): void {
    if (!this.arrays || this.dropped) return;
    this.arrays = this.arrays.map((a) => ({ ...a, array: { shape: a.array.shape, data: new Float64Array(0) } }));
    this.dropped = true;
  }

  /** The current array with its values, read again if they were dropped; undefined when that read fails (said to the user). */
  private async currentWithValues(): Promise<LoadedArray | undefined> {
    if (!this.dropped) return this.current();
    try {
      const arrays = await this.host.loadFile();
      if (this.disposed) return undefined;
      this.arrays = arrays;
      this.dropped = false;
    } catch (e) {
      this.setNotice('warn', `${errorMessage(e)} The panel keeps showing the last version that loaded.`);
      return undefined;
    }
    return this.current();
  }

  /** Sends what the panel should show now: the data, or the error, or nothing yet (still reading). */
  private async sendCurrent(): Promise<void> {
    if (!this.ready) return;
    // A later send (refresh, another member, a reloaded webview) abandons this one's chunks.
    const send = ++this.sends;
    const array = await this.currentWithValues();
    if (send !== this.sends || this.disposed) return;
    if (array && this.arrays) {
      if (POOLING_LENS_TEST_HOOKS) noteLoadStage('posting');
      const reason = this.nextReason;
      // A webview that reloads (hidden and shown again) posts 'ready' again: it gets the data again.
      this.nextReason = 'reload';
      const fields: LoadFields = {
        fileName: this.host.displayName?.() ?? this.init.fileName,
        arrayNames: this.arrays.map((a) => a.name),
        settings: this.host.settings(),
        reason,
      };
      if (this.init.uri !== undefined) fields.uri = this.init.uri;
      const initial = this.host.initialParams?.(array);
      if (initial) fields.initial = initial;
      if (this.init.intro) fields.intro = this.init.intro;
      if (this.pendingUi !== undefined) {
        fields.ui = this.pendingUi;
        this.pendingUi = undefined;
      }
      const posted = postsInChunks(array)
        ? await this.postChunked(fields, array, send)
        : await this.post({ ...fields, type: 'load', array: toArrayPayload(array) });
      if (POOLING_LENS_TEST_HOOKS && posted) noteLoadStage('posted');
      if (this.host.rereadable && send === this.sends) this.dropValues();
      return;
    }
    if (this.fatal !== undefined) {
      const message: HostMessage = { type: 'loadError', fileName: this.init.fileName, message: this.fatal };
      if (this.init.uri !== undefined) message.uri = this.init.uri;
      if (this.pending) message.pending = true;
      await this.post(message);
    }
  }

  /**
   * A large array: the header, then its chunks, each posted once the one before the last has
   * been delivered (at most CHUNKS_IN_FLIGHT messages in flight), so VS Code's copies of a message in transit stay
   * chunk-sized. Stops when a later send or the panel's closing abandons it, or the webview is
   * gone; false then.
   */
  private async postChunked(fields: LoadFields, array: LoadedArray, send: number): Promise<boolean> {
    const loadId = send;
    const chunked = toChunkedPayload(array, loadId);
    const live = () => send === this.sends && !this.disposed;
    // The range (a pass over every value) is worked out in slices between the host's other tasks
    // while the chunks travel (one pass blocked every extension for 0.3–0.8 s at 256 MiB), and
    // goes with the first chunk posted once it is known. It stops with the load, and once the last
    // chunk has gone without it: the webview's full frame then has its own statistics.
    let posting = true;
    let range: ValueRange | null | undefined;
    const pause = () => (this.host.pause ? this.host.pause() : yieldToEventLoop());
    void chunked.range({ pause, keepGoing: () => posting && live() }).then(
      (r) => void (range = r),
      (e: unknown) => this.host.log.warn(`${this.init.fileName}: the value range was not worked out: ${errorMessage(e)}`),
    );
    let rangeSent = false;
    try {
      // The header travels with the first chunk; each message waits for the one CHUNKS_IN_FLIGHT before it.
      const inFlight: PromiseLike<boolean>[] = [this.post({ ...fields, type: 'loadStart', array: chunked.array })];
      for (const [index, span] of chunked.spans.entries()) {
        while (inFlight.length >= CHUNKS_IN_FLIGHT) if (!(await inFlight.shift())) return false;
        if (!live()) return false;
        // Copied out only now: made before the wait, a third chunk would be alive meanwhile.
        const message: HostMessage = { type: 'loadChunk', loadId, index, offset: span.offset, bytes: chunked.chunk(span) };
        if (range !== undefined && !rangeSent) {
          message.range = range;
          rangeSent = true;
        }
        inFlight.push(this.post(message));
      }
      posting = false;
      for (const sent of inFlight) if (!(await sent)) return false;
      return live();
    } finally {
      posting = false;
    }
  }

  private async export(message: RequestMessage<'export'>): Promise<void> {
    const reply = (ok: boolean, text: string): Promise<void> => this.reply(message, { ok, message: text });
    const array = await this.currentWithValues();
    if (!array) {
      await reply(false, `${this.init.fileName} is not loaded, so there is nothing to export.`);
      return;
    }
    let bytes: Uint8Array;
    try {
      // Compute before asking where to save: invalid parameters should not cost the user a dialog.
      bytes = encodeExport(computeExport(array.array, message.request), message.format, message.pngRange);
    } catch (e) {
      this.host.log.warn(`${this.init.fileName}: export as .${message.format} failed: ${errorDetail(e)}`);
      await reply(false, `Export failed: ${errorMessage(e)}`);
      return;
    }
    const member = (this.arrays?.length ?? 0) > 1 ? array.name : undefined;
    const target = await this.host.pickSaveTarget(defaultExportName(this.init.exportName ?? this.init.fileName, message.format, member), message.format);
    if (!target) {
      await reply(false, 'Export cancelled.');
      return;
    }
    try {
      await target.write(bytes);
    } catch (e) {
      const text = `Could not write ${target.label}: ${errorMessage(e)}`;
      this.host.log.error(`${text}\n${errorDetail(e)}`);
      this.host.showError(text);
      await reply(false, text);
      return;
    }
    this.host.log.info(`Exported ${this.init.fileName} (${message.format}, ${bytes.byteLength} bytes) to ${target.label}`);
    target.announce();
    await reply(true, `Saved ${target.label}`);
  }

  private setNotice(level: 'info' | 'warn' | 'error', text: string): void {
    this.notice = text;
    this.host.log[level](text);
    if (level === 'error') this.host.showError(text);
    else this.host.showWarning(text);
    this.host.changed();
    void this.post({ type: 'notice', level, message: text });
  }

  /** Answers `request` with its own reply type. */
  private async reply<K extends RequestType>(request: { type: K; requestId: number }, body: Replies[K]): Promise<void> {
    await this.post({ type: 'reply', requestId: request.requestId, ...body } as HostMessage);
  }

  /** Posting to a disposed webview rejects; that is not an error worth more than a log line. True when delivered. */
  private async post(message: HostMessage): Promise<boolean> {
    if (this.disposed) return false;
    try {
      return await this.host.post(message);
    } catch (e) {
      if (!this.disposed) this.host.log.warn(`${this.init.fileName}: could not post '${message.type}' to the webview: ${errorMessage(e)}`);
      return false;
    }
  }
}
