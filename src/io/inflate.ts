import { Inflate, Unzlib } from 'fflate';

export interface InflateResult {
  /** Exactly `expected` bytes long; only the first `produced` are filled. */
  data: Uint8Array;
  produced: number;
  /** The stream holds more than `expected` bytes; inflating stopped there. */
  overflow: boolean;
}

/** Compressed bytes fed per step: bounds the output of one step to ~1032× this (deflate's max ratio). */
const STEP = 16 * 1024;

/**
 * Inflates into a buffer of exactly `expected` bytes and stops as soon as the stream would
 * produce more, so a zip bomb costs at most one step of work beyond the declared size.
 * `zlib`: the stream has a zlib wrapper (PNG IDAT) rather than raw deflate (zip).
 * A stream that stops early is not an error here: `produced < expected` tells the caller.
 * Throws fflate's error on corrupt data.
 */
export function inflateBounded(parts: readonly Uint8Array[], expected: number, zlib: boolean): InflateResult {
  const data = new Uint8Array(expected);
  let produced = 0;
  let overflow = false;
  const sink = (chunk: Uint8Array): void => {
    const room = expected - produced;
    if (chunk.length > room) {
      data.set(chunk.subarray(0, room), produced);
      produced = expected;
      overflow = true;
    } else {
      data.set(chunk, produced);
      produced += chunk.length;
    }
  };
  const stream = zlib ? new Unzlib(sink) : new Inflate(sink);
  outer: for (const part of parts) {
    for (let i = 0; i < part.length; i += STEP) {
      stream.push(part.subarray(i, Math.min(part.length, i + STEP)), false);
      if (overflow) break outer;
    }
  }
  if (!overflow) {
    try {
      stream.push(new Uint8Array(0), true);
    } catch (e) {
      // fflate reports a stream that stops early as "unexpected EOF": the caller sees produced < expected.
      if (!(e instanceof Error && /unexpected EOF/i.test(e.message))) throw e;
    }
  }
  return { data, produced, overflow };
}
