// A large array arriving in chunks (src/chunks.ts): each chunk goes to the worker, which copies
// it into the array it preallocated; meanwhile the panel draws band frames (the rows that
// arrived, the output rows they complete) and, once the last chunk is in, the full frame. A
// chunk that does not fit, or chunks that stop coming, end in an error the user sees.
import { countCopy } from '../src/copies';
import type { ChunkedArray, HostMessage } from '../src/protocol';
import type { WorkerClient } from './workerClient';
import type { BandResult, FrameRequest } from './worker/protocol';

type ChunkMessage = Extract<HostMessage, { type: 'loadChunk' }>;

/** No chunk for this long while some are missing: the load failed (VS Code lost a message, or the host stopped). */
export const STALL_MS = 30_000;
/**
 * Band frames at most this often: each is drawn on the UI thread, which in VS Code for the Web
 * is the workbench's, the one relaying the chunks (a band per chunk slowed their arrival).
 */
export const BAND_INTERVAL_MS = 250;

export interface ArrivalHooks {
  /** The frame request of the session now (parameters and cut the band is drawn for). */
  request(): FrameRequest;
  band(r: BandResult): void;
  complete(): void;
  failed(message: string): void;
}

export class Arrival {
  private done = false;
  private bandRunning = false;
  private bandWanted = false;
  private timer = 0;
  private bandTimer = 0;

  constructor(
    private readonly header: ChunkedArray,
    private readonly worker: WorkerClient,
    private readonly hooks: ArrivalHooks,
    private readonly stallMs = STALL_MS,
    private readonly bandIntervalMs = BAND_INTERVAL_MS,
  ) {
    const { loadId, storage, shape, totalBytes, chunkCount, range } = header;
    void worker
      .run('loadBegin', { loadId, storage, shape: shape.slice(), totalBytes, chunkCount, ...(range !== undefined ? { range } : {}) })
      .catch((e: unknown) => this.fail(e));
    this.watch();
  }

  get loadId(): number {
    return this.header.loadId;
  }

  /** One chunk of this load: handed to the worker (transferred, not copied here). */
  chunk(m: ChunkMessage): void {
    if (this.done) return;
    this.watch();
    const bytes = m.bytes;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    void this.worker
      .run(
        'loadChunk',
        { loadId: m.loadId, index: m.index, offset: m.offset, bytes, ...(m.range !== undefined ? { range: m.range } : {}) },
        whole ? [bytes.buffer as ArrayBuffer] : [],
      )
      .then((r) => {
        if (this.done || r === null) return;
        if (!r.complete) {
          // Not for the last two chunks: the full frame follows soon and pools every row again
          // (a band then only holds up the last chunks' copies in the worker's queue).
          if (m.index < this.header.chunkCount - 2) this.askBand();
          return;
        }
        this.finish();
        // The worker copied every chunk into the array it holds: the webview's one copy.
        countCopy('webview', this.header.totalBytes);
        this.hooks.complete();
      })
      .catch((e: unknown) => this.fail(e));
  }

  /** The parameters or the cut changed while rows arrive: draw the band again for them. */
  changed(): void {
    this.askBand();
  }

  /** A newer load or a closed panel: the worker forgets this one's rows. */
  abandon(): void {
    if (this.done) return;
    this.finish();
    void this.worker.run('loadAbandon', { loadId: this.header.loadId }).catch(() => {});
  }

  private askBand(): void {
    if (this.bandRunning || this.bandTimer) {
      this.bandWanted = true;
      return;
    }
    this.bandRunning = true;
    this.bandWanted = false;
    void this.worker
      .run('band', this.hooks.request())
      .then((r) => {
        if (!this.done && r) this.hooks.band(r);
      })
      .catch(() => {}) // a band that fails is not shown; the full frame reports the problem
      .finally(() => {
        this.bandRunning = false;
        if (this.done) return;
        this.bandTimer = window.setTimeout(() => {
          this.bandTimer = 0;
          if (this.bandWanted && !this.done) this.askBand();
        }, this.bandIntervalMs);
      });
  }

  private watch(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      const mb = (this.header.totalBytes / 1048576).toFixed(1);
      this.fail(
        new Error(`the array stopped arriving: no part of it came for ${Math.round(this.stallMs / 1000)} s (${mb} MB expected). Reopen the file to try again.`),
      );
    }, this.stallMs);
  }

  private finish(): void {
    this.done = true;
    clearTimeout(this.timer);
    clearTimeout(this.bandTimer);
  }

  private fail(e: unknown): void {
    if (this.done) return;
    this.abandon();
    this.hooks.failed(e instanceof Error ? e.message : String(e));
  }
}
