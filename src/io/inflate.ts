import { Inflate, Unzlib } from 'fflate';
import { drain, type Steps } from './steps';

export interface InflateResult {
  /** Exactly `expected` bytes long; only the first `produced` are filled. */
  data: Uint8Array;
  produced: number;
  /** The stream holds more than `expected` bytes; inflating stopped there. */
  overflow: boolean;
}

/** Deflate's largest expansion: one compressed byte gives at most ~1032 bytes. */
const MAX_RATIO = 1032;
/**
 * Compressed bytes fed per step: as many as the room left can take at deflate's largest ratio,
 * within these bounds, so a step ends at most ~1 MB past the limit (~64 KB past a prefix).
 * Every fflate step costs ~200 KB of buffers, so steps are as large as the room allows; at most
 * 16 KB, so one step's output (and fflate's buffer for it) stays under ~17 MB.
 */
const MIN_STEP = 1024;
const MIN_PREFIX_STEP = 64;
const MAX_STEP = 16 * 1024;

/**
 * Inflates a deflate stream in steps, never producing much more than `limit` bytes: each step
 * feeds only as much input as the room left can take at deflate's largest ratio, so a stream
 * that runs past `limit` stops within ~1 MB of it. The first bytes can be read on their own
 * (`prefix`), so a caller can check a header before the full `limit` is allocated.
 * `zlib`: the stream has a zlib wrapper (PNG IDAT) rather than raw deflate (zip).
 */
export class BoundedInflater {
  private readonly stream: Inflate | Unzlib;
  /** Output before `finish` allocates the whole buffer; afterwards written straight into `data`. */
  private pending: Uint8Array[] = [];
  private data: Uint8Array | undefined;
  private part = 0;
  private offset = 0;
  private ended = false;
  /** Bytes inflated so far, counting those past `limit` (the work done). */
  produced = 0;

  constructor(
    private readonly parts: readonly Uint8Array[],
    private readonly limit: number,
    zlib: boolean,
  ) {
    const sink = (chunk: Uint8Array): void => {
      const at = this.produced;
      this.produced += chunk.length;
      if (this.data) this.data.set(chunk.subarray(0, Math.max(0, Math.min(chunk.length, this.limit - at))), at);
      else this.pending.push(chunk);
    };
    this.stream = zlib ? new Unzlib(sink) : new Inflate(sink);
  }

  /** The stream holds more than `limit` bytes (inflating stopped soon after it passed). */
  get overflow(): boolean {
    return this.produced > this.limit;
  }

  /**
   * The first min(n, limit) bytes, or fewer if the stream ends (or overflows) first. Inflates
   * only what they need, plus at most one step. Throws fflate's error on corrupt data.
   */
  prefix(n: number): Uint8Array {
    const want = Math.min(n, this.limit);
    while (this.produced < want && this.step(want, MIN_PREFIX_STEP)) {
      /* inflate */
    }
    const out = new Uint8Array(Math.min(want, this.produced));
    let o = 0;
    for (const chunk of this.pending) {
      if (o >= out.length) break;
      const take = chunk.subarray(0, out.length - o);
      out.set(take, o);
      o += take.length;
    }
    return out;
  }

  /** Inflates the rest into a buffer of exactly `limit` bytes. Throws fflate's error on corrupt data. */
  finish(): InflateResult {
    return drain(this.finishSteps());
  }

  /** `finish`, yielding after every step (see steps.ts). */
  *finishSteps(): Steps<InflateResult> {
    if (!this.data) {
      const data = new Uint8Array(this.limit);
      let o = 0;
      for (const chunk of this.pending) {
        if (o >= this.limit) break;
        const take = chunk.subarray(0, this.limit - o);
        data.set(take, o);
        o += take.length;
      }
      this.pending = [];
      this.data = data;
    }
    while (this.step(this.limit, MIN_STEP)) yield;
    return { data: this.data, produced: Math.min(this.produced, this.limit), overflow: this.overflow };
  }

  /** Feeds one step of input sized to the room up to `target`; false once the stream has ended or overflowed. */
  private step(target: number, minStep: number): boolean {
    if (this.ended || this.overflow) return false;
    while (this.part < this.parts.length && this.offset >= this.parts[this.part]!.length) {
      this.part++;
      this.offset = 0;
    }
    if (this.part >= this.parts.length) {
      this.ended = true;
      try {
        this.stream.push(new Uint8Array(0), true);
      } catch (e) {
        // fflate reports a stream that stops early as "unexpected EOF": the caller sees produced < expected.
        if (!(e instanceof Error && /unexpected EOF/i.test(e.message))) throw e;
      }
      return false;
    }
    const input = this.parts[this.part]!;
    const size = Math.max(minStep, Math.min(MAX_STEP, Math.floor((target - this.produced) / MAX_RATIO)));
    const end = Math.min(input.length, this.offset + size);
    this.stream.push(input.subarray(this.offset, end), false);
    this.offset = end;
    return !this.overflow;
  }
}

/**
 * Inflates into a buffer of exactly `expected` bytes and stops as soon as the stream would
 * produce more, so a bomb costs at most one step (~1 MB) of work beyond the declared size.
 * A stream that stops early is not an error here: `produced < expected` tells the caller.
 * Throws fflate's error on corrupt data.
 */
export function inflateBounded(parts: readonly Uint8Array[], expected: number, zlib: boolean): InflateResult {
  return new BoundedInflater(parts, expected, zlib).finish();
}

/** inflateBounded, yielding after every step. */
export function inflateBoundedSteps(parts: readonly Uint8Array[], expected: number, zlib: boolean): Steps<InflateResult> {
  return new BoundedInflater(parts, expected, zlib).finishSteps();
}
