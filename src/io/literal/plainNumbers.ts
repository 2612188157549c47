/**
 * The body of a large literal, `1.5, -2, 3e-4, …`, read by a WebAssembly loop (scripts/wasm/
 * gen-numbers.ts, which states what it reads and why its values are exact: Clinger's fast path for
 * short decimals, Eisel–Lemire for float64 reprs of 16–19 digits): the scanner's JS fast path
 * (scan.ts, plainItems) costs ~70 ms on a 12 MB float32 repr literal, this ~20 ms plus ~3 ms to
 * copy the text in; on a 19 MB literal of float64 reprs, where the JS path calls Number() per
 * item, the first hover after an edit took ~135–270 ms, with this ~65–85 ms (bench/hover.ts).
 * The text goes in as UTF-8 through TextEncoder.encodeInto, a window at a time; the module reads
 * ASCII bytes only (a non-ASCII byte is never part of an item), so from where it starts a byte is
 * a character, and where it starts is counted past the non-ASCII characters the JS path read in
 * between (utf8Length). Whatever the module leaves (an item it cannot finish or give exactly, and
 * anything past the window) is the JS path's, so the values are the JS path's bit for bit.
 * Where WebAssembly is missing, nothing loads and the JS path reads everything.
 */
import { decodeBase64, type WasmInstance, type WasmMemory, wasmApi } from '../../core/kernels/wasm/runtime';
import { NUMBERS_WASM_BASE64 } from './numbers.generated';

/** Characters copied into the module at a time, at most (a few µs of encodeInto). */
const WINDOW = 64 * 1024;
/** After the window: its closing 0 byte and the room the eight-digit loads read past it. */
const WINDOW_PAD = 16;
/** Values one call returns at most. */
export const MAX_BULK_ITEMS = 8192;
/** A window with fewer characters than this left is copied again from where reading is (an item rarely is longer). */
const AHEAD = 256;

/**
 * The module's memory (scripts/wasm/gen-numbers.ts, NUMBERS_LAYOUT): reading state at 0 (i32
 * slots) and its tables, then the window from `windowAt` (the module exports where its tables
 * end as the global `window`), then the values read at `outAt`.
 */
interface NumbersModule {
  items: (at: number, end: number, out: number, max: number) => number;
  windowAt: number;
  outAt: number;
  bytes: Uint8Array;
  state: Int32Array;
  values: Float64Array;
}

let enabled = true;
let loaded: NumbersModule | null | undefined;
/** The reader whose window the module's memory holds (readers of two documents may take turns). */
let owner: PlainNumbers | undefined;
const encoder = new TextEncoder();

/** Turns the WebAssembly reader on (default) or off (the JS path reads every number), so tests can run both. */
export function setWasmNumbers(on: boolean): void {
  enabled = on;
}

function load(): NumbersModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    if (wasmApi === undefined) return null;
    // A module under 4 KB compiles synchronously even on a browser's main thread (this one is
    // ~3.3 KB, half of it Eisel–Lemire's table; test/io/literal-numbers.test.ts keeps it under).
    const instance: WasmInstance = new wasmApi.Instance(new wasmApi.Module(decodeBase64(NUMBERS_WASM_BASE64)), {});
    const memory = instance.exports['mem'] as WasmMemory;
    const items = instance.exports['items'] as NumbersModule['items'];
    const windowAt = (instance.exports['window'] as { value: number }).value;
    const outAt = windowAt + WINDOW + WINDOW_PAD;
    if (!Number.isInteger(windowAt) || windowAt <= 0 || memory.buffer.byteLength < outAt + MAX_BULK_ITEMS * 8) return null;
    loaded = {
      items,
      windowAt,
      outAt,
      bytes: new Uint8Array(memory.buffer),
      state: new Int32Array(memory.buffer, 0, 4),
      values: new Float64Array(memory.buffer, outAt, MAX_BULK_ITEMS),
    };
  } catch {
    loaded = null; // no WebAssembly here: the JS path reads
  }
  return loaded;
}

/** A reader for one scan, or undefined when the WebAssembly reader is off or missing. */
export function plainNumbers(): PlainNumbers | undefined {
  return wasmNumbersActive() ? new PlainNumbers(loaded!) : undefined;
}

export class PlainNumbers {
  /** After read: where reading stopped (after the last item's comma), the last item's start (its `-` or first digit), its sign and its comma. */
  next = 0;
  lastStart = 0;
  lastNeg = false;
  lastComma = 0;
  /** The window in the module: characters [start, end) of the text `textId`, as `bytes` bytes of UTF-8. */
  private textId = -1;
  private start = 0;
  private end = 0;
  private bytes = 0;
  /** Every character of the window is one byte (else a character's byte is counted from the anchor). */
  private ascii = true;
  /** A character of the window whose byte offset is known: past a non-ASCII character, offsets are counted on from here. */
  private anchorChar = 0;
  private anchorByte = 0;

  constructor(private readonly m: NumbersModule) {}

  /**
   * Reads plain items of text[i, to) (each followed by its comma) into values[nv, …), at most
   * `max` (≤ MAX_BULK_ITEMS); returns how many. `textId` names the text (a new id for a new
   * string), so the window is copied again only when the text or the position needs it.
   */
  read(text: string, textId: number, i: number, to: number, values: Float64Array, nv: number, max: number): number {
    if (owner !== this || textId !== this.textId || i < this.anchorChar || (i + AHEAD > this.end && this.end < to)) this.copy(text, textId, i, to);
    if (i >= this.end) return 0;
    let at = i - this.start;
    if (!this.ascii) {
      at = this.anchorByte + utf8Length(text, this.anchorChar, i);
      this.anchorChar = i;
      this.anchorByte = at;
    }
    const m = this.m;
    const n = m.items(m.windowAt + at, m.windowAt + this.bytes, m.outAt, Math.min(max, MAX_BULK_ITEMS));
    if (n === 0) return 0;
    if (n < 64) {
      // A short run: a loop beats making a subarray to set from.
      const from = m.values;
      for (let k = 0; k < n; k++) values[nv + k] = from[k]!;
    } else {
      values.set(n === MAX_BULK_ITEMS ? m.values : m.values.subarray(0, n), nv);
    }
    // The module read only ASCII bytes from `at` on: there a byte is a character.
    const shift = i - at - m.windowAt;
    this.next = m.state[0]! + shift;
    this.lastStart = m.state[1]! + shift;
    this.lastNeg = m.state[2] !== 0;
    this.lastComma = m.state[3]! + shift;
    if (!this.ascii) {
      this.anchorChar = this.next;
      this.anchorByte = this.next - i + at;
    }
    return n;
  }

  private copy(text: string, textId: number, i: number, to: number): void {
    owner = this;
    this.textId = textId;
    const { bytes, windowAt } = this.m;
    const { read, written } = encoder.encodeInto(text.substring(i, Math.min(to, i + WINDOW)), bytes.subarray(windowAt, windowAt + WINDOW));
    bytes[windowAt + written] = 0; // where the module's loops stop
    this.start = i;
    this.end = i + read;
    this.bytes = written;
    this.ascii = read === written;
    this.anchorChar = i;
    this.anchorByte = 0;
  }
}

/**
 * Bytes of text[from, to) in UTF-8 as encodeInto writes them: 2 below U+0800, 4 for a surrogate
 * pair, 3 for the rest (a lone surrogate is written as U+FFFD). Run over what the JS path read
 * between two calls of the module only (a comment, a row's end), never over the module's items.
 */
function utf8Length(text: string, from: number, to: number): number {
  let n = to - from;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < to && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      k++;
    } else n += 2;
  }
  return n;
}

/** True when scans read plain items with the WebAssembly reader (switched on and loaded). */
export function wasmNumbersActive(): boolean {
  return enabled && load() !== null;
}
