/**
 * The body of a large literal, `1.5, -2, 3e-4, …`, read by a WebAssembly loop (scripts/wasm/
 * gen-numbers.ts, which states what it reads and why its values are exact): the scanner's JS
 * fast path (scan.ts, plainItems) costs ~70 ms on a 12 MB float32 repr literal, this ~20 ms plus
 * ~3 ms to copy the text in. The text goes in as UTF-8 through TextEncoder.encodeInto, a window
 * at a time; characters and bytes are the same up to the first non-ASCII character, and the
 * window stops there. Whatever the module leaves (an item it cannot finish or give exactly, and
 * anything past the window) is the JS path's, so the values are the JS path's bit for bit.
 * Where WebAssembly is missing, nothing loads and the JS path reads everything.
 */
import { decodeBase64, type WasmInstance, type WasmMemory, wasmApi } from '../../core/kernels/wasm/runtime';
import { NUMBERS_WASM_BASE64 } from './numbers.generated';

/** The module's layout (scripts/wasm/gen-numbers.ts, NUMBERS_LAYOUT): reading state at 0 (i32 slots), the window, the values read. */
const WINDOW_AT = 1024;
/** Characters copied into the module at a time, at most (a few µs of encodeInto). */
const WINDOW = 64 * 1024;
/** At least (after a window cut short by a non-ASCII character, the next one is twice that run: see copy). */
const MIN_WINDOW = 256;
/** After the window: its closing 0 byte and the room the eight-digit loads read past it. */
const OUT_AT = WINDOW_AT + WINDOW + 16;
/** Values one call returns at most. */
export const MAX_BULK_ITEMS = 8192;
/** A window with fewer characters than this left is copied again from where reading is (an item rarely is longer). */
const AHEAD = 256;

interface NumbersModule {
  items: (at: number, end: number, out: number, max: number) => number;
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
    // A module under 4 KB compiles synchronously even on a browser's main thread.
    const instance: WasmInstance = new wasmApi.Instance(new wasmApi.Module(decodeBase64(NUMBERS_WASM_BASE64)), {});
    const memory = instance.exports['mem'] as WasmMemory;
    const items = instance.exports['items'] as NumbersModule['items'];
    if (memory.buffer.byteLength < OUT_AT + MAX_BULK_ITEMS * 8) return null;
    loaded = {
      items,
      bytes: new Uint8Array(memory.buffer),
      state: new Int32Array(memory.buffer, 0, 4),
      values: new Float64Array(memory.buffer, OUT_AT, MAX_BULK_ITEMS),
    };
  } catch {
    loaded = null; // no WebAssembly here: the JS path reads
  }
  return loaded;
}

/** A reader for one scan, or undefined when the WebAssembly reader is off or missing. */
export function plainNumbers(): PlainNumbers | undefined {
  return enabled && load() !== null ? new PlainNumbers(loaded!) : undefined;
}

export class PlainNumbers {
  /** After read: where reading stopped (after the last item's comma), the last item's start (its `-` or first digit), its sign and its comma. */
  next = 0;
  lastStart = 0;
  lastNeg = false;
  lastComma = 0;
  /** The window in the module: characters [start, limit) of the text `textId`. */
  private textId = -1;
  private start = 0;
  private limit = 0;
  /** The window stops at a non-ASCII character (at limit): copying again from before it gives the same window. */
  private cut = false;
  /** Characters the next copy takes. */
  private size = WINDOW;

  constructor(private readonly m: NumbersModule) {}

  /**
   * Reads plain items of text[i, to) (each followed by its comma) into values[nv, …), at most
   * `max` (≤ MAX_BULK_ITEMS); returns how many. `textId` names the text (a new id for a new
   * string), so the window is copied again only when the text or the position needs it.
   */
  read(text: string, textId: number, i: number, to: number, values: Float64Array, nv: number, max: number): number {
    const stale = owner !== this || textId !== this.textId || i < this.start;
    if (stale || (this.cut ? i >= this.limit : i + AHEAD > this.limit && this.limit < to)) this.copy(text, textId, i, to);
    if (i >= this.limit) return 0;
    const m = this.m;
    const n = m.items(WINDOW_AT + i - this.start, WINDOW_AT + this.limit - this.start, OUT_AT, Math.min(max, MAX_BULK_ITEMS));
    if (n === 0) return 0;
    values.set(n === MAX_BULK_ITEMS ? m.values : m.values.subarray(0, n), nv);
    const shift = this.start - WINDOW_AT;
    this.next = m.state[0]! + shift;
    this.lastStart = m.state[1]! + shift;
    this.lastNeg = m.state[2] !== 0;
    this.lastComma = m.state[3]! + shift;
    return n;
  }

  private copy(text: string, textId: number, i: number, to: number): void {
    owner = this;
    this.textId = textId;
    this.start = i;
    const bytes = this.m.bytes;
    const size = this.size;
    const { read, written } = encoder.encodeInto(text.substring(i, Math.min(to, i + size)), bytes.subarray(WINDOW_AT, WINDOW_AT + size));
    let ascii = read;
    this.cut = read !== written;
    if (this.cut) {
      // A non-ASCII character took more than a byte: bytes and characters agree only before the first.
      ascii = 0;
      while (bytes[WINDOW_AT + ascii]! < 0x80) ascii++;
    }
    bytes[WINDOW_AT + ascii] = 0; // where the module's loops stop
    this.limit = i + ascii;
    // In text with non-ASCII characters every few lines, a full window per run would copy far more
    // than is read: the next window is twice the ASCII run found (growing back to WINDOW).
    this.size = Math.min(WINDOW, Math.max(MIN_WINDOW, 2 * (this.cut ? ascii : size)));
  }
}

/** True when scans read plain items with the WebAssembly reader (switched on and loaded). */
export function wasmNumbersActive(): boolean {
  return enabled && load() !== null;
}
