// Large arrays cross to the webview in chunks (src/chunks.ts): how the host cuts them, how the
// webview's worker puts them together (a lost, repeated, short or oversized chunk is an error
// with a message, never a wait), the messages' run-time checks, and the controller's posting:
// header then chunks, at most two in flight, abandoned by a newer load or a closed panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CHUNKED_FROM_BYTES, ChunkAssembler, ChunkError, planChunks } from '../../src/chunks';
import { RANGE_SLICE_VALUES } from '../../src/valueScan';
import { copyCounts, hostCopies, resetCopyCounts } from '../../src/copies';
import { PanelController, type PanelInit } from '../../src/extension/panel/controller';
import { postsInChunks, setChunkedFromBytes } from '../../src/extension/panel/payload';
import type { LoadedArray } from '../../src/io';
import { parseHostMessage, type HostMessage } from '../../src/protocol';
import { fakePanelHost } from './fakeHost';

describe('planChunks', () => {
  it('cuts whole rows of about the target size and covers every byte once', () => {
    const spans = planChunks(1000 * 400, 400, 4, 4096);
    expect(spans.every((s) => s.length % 400 === 0 && s.length <= 4096)).toBe(true);
    expect(spans[0]).toEqual({ offset: 0, length: 4000 });
    let at = 0;
    for (const s of spans) {
      expect(s.offset).toBe(at);
      at += s.length;
    }
    expect(at).toBe(400000);
  });
  it('rows larger than the target: whole elements of the target size', () => {
    const spans = planChunks(10 * 3000, 3000, 8, 1001);
    expect(spans[0]!.length).toBe(1000);
    expect(spans.reduce((n, s) => n + s.length, 0)).toBe(30000);
  });
  it('an 8192² float32 array: 32 chunks of 8 MiB (256 rows each)', () => {
    const spans = planChunks(8192 * 8192 * 4, 8192 * 4, 4);
    expect(spans.length).toBe(32);
    expect(spans.every((s) => s.length === CHUNK_BYTES)).toBe(true);
  });
});

describe('ChunkAssembler', () => {
  const make = () => new ChunkAssembler({ loadId: 1, totalBytes: 10, chunkCount: 3 });
  it('puts chunks in order together', () => {
    const a = make();
    expect(a.add(0, 0, Uint8Array.of(1, 2, 3, 4))).toBe(false);
    expect(a.add(1, 4, Uint8Array.of(5, 6, 7, 8))).toBe(false);
    expect(a.add(2, 8, Uint8Array.of(9, 10))).toBe(true);
    expect(a.complete).toBe(true);
    expect(Array.from(a.bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  it('a lost chunk, a repeated one, a wrong offset, too many bytes, a short total: each a ChunkError', () => {
    const lost = make();
    lost.add(0, 0, new Uint8Array(4));
    expect(() => lost.add(2, 8, new Uint8Array(2))).toThrow(/part 2 of 3 of the array was lost/);
    const twice = make();
    twice.add(0, 0, new Uint8Array(4));
    expect(() => twice.add(0, 0, new Uint8Array(4))).toThrow(/arrived twice/);
    const offset = make();
    expect(() => offset.add(0, 2, new Uint8Array(4))).toThrow(/starts at byte 2/);
    const over = make();
    over.add(0, 0, new Uint8Array(4));
    expect(() => over.add(1, 4, new Uint8Array(7))).toThrow(ChunkError);
    const short = make();
    short.add(0, 0, new Uint8Array(4));
    short.add(1, 4, new Uint8Array(4));
    expect(() => short.add(2, 8, new Uint8Array(1))).toThrow(/arrived short/);
    const early = make();
    expect(() => early.add(0, 0, new Uint8Array(10))).toThrow(/complete after part 1/);
  });
});

const header = (over: Record<string, unknown> = {}) => ({
  type: 'loadStart',
  fileName: 'big.npy',
  arrayNames: ['big.npy'],
  settings: {},
  array: { name: 'big.npy', dtype: 'float32', shape: [4, 4], storage: 'float32', loadId: 3, totalBytes: 64, chunkCount: 2, range: { min: 0, max: 1 }, ...over },
});

describe('chunk messages are checked at run time', () => {
  it('a well-formed header and chunk pass', () => {
    const h = parseHostMessage(header());
    expect(h.ok && h.message.type === 'loadStart' && h.message.array.chunkCount).toBe(2);
    const c = parseHostMessage({ type: 'loadChunk', loadId: 3, index: 0, offset: 0, bytes: new Uint8Array(32) });
    expect(c.ok && c.message.type === 'loadChunk' && c.message.bytes.byteLength).toBe(32);
    const b = parseHostMessage({ type: 'loadChunk', loadId: 3, index: 0, offset: 0, bytes: new ArrayBuffer(8), range: { min: -1, max: 2 } });
    expect(b.ok && b.message.type === 'loadChunk' && b.message.bytes.byteLength).toBe(8);
    expect(b.ok && b.message.type === 'loadChunk' && b.message.range).toEqual({ min: -1, max: 2 });
    expect(parseHostMessage({ type: 'loadChunk', loadId: 3, index: 0, offset: 0, bytes: new ArrayBuffer(8), range: { min: 3, max: 2 } }).ok).toBe(false);
  });
  it('a header whose size does not match its shape, or with a bad count or range, is refused', () => {
    const bad = (over: Record<string, unknown>) => {
      const r = parseHostMessage(header(over));
      return r.ok ? '' : r.reason;
    };
    expect(bad({ totalBytes: 63 })).toMatch(/announces 63 bytes, but shape \[4, 4\] of float32 needs 64/);
    expect(bad({ chunkCount: 0 })).toMatch(/parts/);
    expect(bad({ loadId: -1 })).toMatch(/load id/);
    expect(bad({ range: { min: 2, max: 1 } })).toMatch(/range/);
    expect(bad({ storage: 'int8' })).toMatch(/storage/);
  });
  it('a chunk without bytes or with a bad index is refused', () => {
    expect(parseHostMessage({ type: 'loadChunk', loadId: 3, index: 0, offset: 0, bytes: [1, 2] }).ok).toBe(false);
    expect(parseHostMessage({ type: 'loadChunk', loadId: 3, index: -1, offset: 0, bytes: new Uint8Array(1) }).ok).toBe(false);
  });
});

/** The threshold the controller tests chunk from (the default, CHUNKED_FROM_BYTES, is 128 MiB). */
const TEST_CHUNKED_FROM = 2 * CHUNK_BYTES;

/** A float32 array of 4.5 chunks (over the tests' chunking threshold), rows of 4 KiB. */
function bigArray(): LoadedArray {
  const rows = Math.ceil((4.5 * CHUNK_BYTES) / 4 / 1024);
  expect(rows * 4096).toBeGreaterThan(TEST_CHUNKED_FROM);
  const data = new Float32Array(rows * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i % 977) - 400;
  return { name: 'big.npy', dtype: 'float32', array: { shape: [rows, 1024], data } };
}

/**
 * A PanelHost pause that holds the range's slices back until a message `opens` is posted, and
 * lets them run as microtasks from then on (so the range is known before the next delivery).
 */
function pauseGate(opens: (m: HostMessage) => boolean): { pause: () => Promise<void>; posted: (m: HostMessage) => void; pauses: () => number } {
  let open = false;
  let count = 0;
  const waiting: (() => void)[] = [];
  return {
    pause: () => {
      count++;
      return open ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
    },
    posted: (m) => {
      if (open || !opens(m)) return;
      open = true;
      for (const go of waiting.splice(0)) go();
    },
    pauses: () => count,
  };
}

const init: PanelInit = { fileName: 'big.npy', uri: 'file:///w/big.npy', reason: 'open' };
type Msg<K extends HostMessage['type']> = Extract<HostMessage, { type: K }>;

describe('which arrays are chunked', () => {
  const sized = (bytes: number): LoadedArray => ({ name: 'a', dtype: 'float32', array: { shape: [bytes / 4], data: { byteLength: bytes } as Float32Array } });
  it('from CHUNKED_FROM_BYTES (128 MiB) on by default: a 64 MiB array goes whole, 256 MiB in chunks', () => {
    expect(CHUNKED_FROM_BYTES).toBe(128 * 1024 * 1024);
    expect(postsInChunks(sized(64 * 1024 * 1024))).toBe(false);
    expect(postsInChunks(sized(CHUNKED_FROM_BYTES - 4))).toBe(false);
    expect(postsInChunks(sized(CHUNKED_FROM_BYTES))).toBe(true);
    expect(postsInChunks(sized(256 * 1024 * 1024))).toBe(true);
  });
  it('a test threshold applies until it is cleared', () => {
    setChunkedFromBytes(1024);
    expect(postsInChunks(sized(1024))).toBe(true);
    setChunkedFromBytes(undefined);
    expect(postsInChunks(sized(1024))).toBe(false);
  });
});

describe('the controller posts a large array in chunks', () => {
  beforeAll(() => setChunkedFromBytes(TEST_CHUNKED_FROM));
  afterAll(() => setChunkedFromBytes(undefined));
  it('header, then chunks whose bytes are the values (each in a buffer of its own), at most two in flight; one host copy', async () => {
    const array = bigArray();
    let inFlight = 0;
    let most = 0;
    // The range's slices wait until chunk 1 is posted, then run (microtasks) before chunk 2 goes.
    const gate = pauseGate((m) => m.type === 'loadChunk' && m.index === 1);
    const f = fakePanelHost({
      load: async () => [array],
      over: {
        pause: gate.pause,
        post: (m) => {
          gate.posted(m);
          f.posted.push(m);
          inFlight++;
          most = Math.max(most, inFlight);
          return new Promise((resolve) =>
            setTimeout(() => {
              inFlight--;
              resolve(true);
            }, 1),
          );
        },
      },
    });
    resetCopyCounts();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    const start = f.posted.find((m): m is Msg<'loadStart'> => m.type === 'loadStart')!;
    const chunks = f.posted.filter((m): m is Msg<'loadChunk'> => m.type === 'loadChunk');
    expect(f.posted.some((m) => m.type === 'load')).toBe(false);
    expect(start.array.totalBytes).toBe(array.array.data.byteLength);
    expect(start.array.chunkCount).toBe(chunks.length);
    // The range is worked out in slices while the chunks travel, and comes with the first chunk posted after it.
    expect(start.array.range).toBeUndefined();
    expect(chunks.map((m) => m.range)).toEqual([undefined, undefined, { min: -400, max: 576 }, undefined, undefined]);
    expect(gate.pauses()).toBe(Math.ceil(array.array.data.length / RANGE_SLICE_VALUES));
    expect(chunks.length).toBeGreaterThan(2);
    expect(most).toBeLessThanOrEqual(2);
    const whole = new Uint8Array(start.array.totalBytes);
    for (const [i, m] of chunks.entries()) {
      expect(m.index).toBe(i);
      expect(m.loadId).toBe(start.array.loadId);
      expect(m.bytes.buffer.byteLength).toBe(m.bytes.byteLength);
      whole.set(m.bytes, m.offset);
    }
    const data = array.array.data;
    expect(Buffer.from(whole).equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength))).toBe(true);
    expect(hostCopies(copyCounts())).toBe(1);
    // Each chunk of a parsed message checks out as the webview would see it.
    for (const m of [start, ...chunks]) expect(parseHostMessage(m).ok).toBe(true);
  });

  it('a chunk is copied out of the array only once a message slot is free: at most two chunk copies alive', async () => {
    const array = bigArray();
    let alive = 0;
    let most = 0;
    const slice = Uint8Array.prototype.slice;
    // Chunk copies are slices of the array's bytes of a chunk's size; each lives until its post is delivered.
    Uint8Array.prototype.slice = function (this: Uint8Array, start?: number, end?: number) {
      const copy = slice.call(this, start, end);
      if (this.buffer === array.array.data.buffer && copy.byteLength >= CHUNK_BYTES / 2) most = Math.max(most, ++alive);
      return copy;
    };
    try {
      const f = fakePanelHost({
        load: async () => [array],
        over: {
          post: (m) => {
            f.posted.push(m);
            return new Promise((resolve) =>
              setTimeout(() => {
                if (m.type === 'loadChunk') alive--;
                resolve(true);
              }, 1),
            );
          },
        },
      });
      const c = new PanelController(f.host, init);
      await c.start();
      await c.handleMessage({ type: 'ready' });
      await new Promise((r) => setTimeout(r, 20));
      expect(f.posted.filter((m) => m.type === 'loadChunk').length).toBe(5);
    } finally {
      Uint8Array.prototype.slice = slice;
    }
    expect(alive).toBe(0);
    expect(most).toBe(2);
  });

  it('a range known only as the last chunk goes comes with it; one not known by then is not worked out further', async () => {
    for (const [knownAfter, withChunk] of [
      [3, 4],
      [4, -1],
    ] as const) {
      const gate = pauseGate((m) => m.type === 'loadChunk' && m.index === knownAfter);
      const f = fakePanelHost({
        load: async () => [bigArray()],
        over: {
          pause: gate.pause,
          post: (m) => {
            gate.posted(m);
            f.posted.push(m);
            return new Promise((resolve) => setTimeout(() => resolve(true), 1));
          },
        },
      });
      const c = new PanelController(f.host, init);
      await c.start();
      await c.handleMessage({ type: 'ready' });
      await new Promise((r) => setTimeout(r, 5));
      const chunks = f.posted.filter((m): m is Msg<'loadChunk'> => m.type === 'loadChunk');
      expect(chunks.length).toBe(5);
      expect(chunks.map((m) => m.range !== undefined)).toEqual(chunks.map((m) => m.index === withChunk));
      if (withChunk >= 0) expect(chunks[withChunk]!.range).toEqual({ min: -400, max: 576 });
      // After the last chunk went without it, the pass stopped at its first pause: no slice was scanned.
      else expect(gate.pauses()).toBe(1);
    }
  });

  it('an abandoned load stops working out its range: a closed panel, a newer load', async () => {
    const slices = Math.ceil(bigArray().array.data.length / RANGE_SLICE_VALUES);
    // At least a third slice is left when the third pause finds the load abandoned.
    expect(slices).toBeGreaterThanOrEqual(3);
    // Pauses are microtasks and deliveries take a timer: the pass runs ahead of the chunks,
    // and the panel closes (or a newer load starts) at its third pause.
    for (const abandon of ['dispose', 'newer'] as const) {
      let pauses = 0;
      let c: PanelController | undefined;
      let newer: Promise<void> | undefined;
      const f = fakePanelHost({
        load: async () => [bigArray()],
        over: {
          pause: () => {
            if (++pauses === 3) {
              if (abandon === 'dispose') c!.dispose();
              else newer = c!.handleMessage({ type: 'ready' });
            }
            return Promise.resolve();
          },
          post: (m) => {
            f.posted.push(m);
            return new Promise((resolve) => setTimeout(() => resolve(true), 1));
          },
        },
      });
      c = new PanelController(f.host, init);
      await c.start();
      await c.handleMessage({ type: 'ready' });
      await newer;
      const starts = f.posted.filter((m): m is Msg<'loadStart'> => m.type === 'loadStart');
      const rangesOf = (load: Msg<'loadStart'>) => f.posted.filter((m) => m.type === 'loadChunk' && m.loadId === load.array.loadId && m.range !== undefined);
      expect(rangesOf(starts[0]!)).toEqual([]);
      if (abandon === 'dispose') {
        // Two slices scanned; the third pause's caller found the panel closed.
        expect(pauses).toBe(3);
        expect(starts.length).toBe(1);
      } else {
        // The first load's three pauses, then the newer load's whole pass (its range goes out).
        expect(pauses).toBe(3 + slices);
        expect(starts.length).toBe(2);
        expect(rangesOf(starts[1]!).length).toBe(1);
      }
    }
  });

  it('a newer load abandons the chunks still to post; a closed panel stops them', async () => {
    const array = bigArray();
    let release: () => void = () => {};
    const f = fakePanelHost({
      load: async () => [array],
      over: {
        post: (m) => {
          f.posted.push(m);
          // The first load's third chunk waits until the test lets it go.
          const firstId = (f.posted.find((p) => p.type === 'loadStart') as Msg<'loadStart'> | undefined)?.array.loadId;
          if (m.type === 'loadChunk' && m.index === 2 && m.loadId === firstId) return new Promise((resolve) => (release = () => resolve(true)));
          return Promise.resolve(true);
        },
      },
    });
    const c = new PanelController(f.host, init);
    await c.start();
    const first = c.handleMessage({ type: 'ready' });
    await new Promise((r) => setTimeout(r, 5));
    const second = c.handleMessage({ type: 'ready' }); // a reloaded webview: a new load
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, second]);
    const starts = f.posted.filter((m): m is Msg<'loadStart'> => m.type === 'loadStart');
    expect(starts.length).toBe(2);
    const oldId = starts[0]!.array.loadId;
    const oldChunks = f.posted.filter((m): m is Msg<'loadChunk'> => m.type === 'loadChunk' && m.loadId === oldId);
    expect(oldChunks.length).toBeLessThanOrEqual(4);
    expect(oldChunks.length).toBeLessThan(starts[0]!.array.chunkCount);
    expect(f.posted.filter((m) => m.type === 'loadChunk' && m.loadId === starts[1]!.array.loadId).length).toBe(starts[1]!.array.chunkCount);

    const g = fakePanelHost({
      load: async () => [array],
      over: {
        post: (m) => {
          g.posted.push(m);
          if (m.type === 'loadChunk' && m.index === 1) d.dispose();
          return Promise.resolve(true);
        },
      },
    });
    const d = new PanelController(g.host, init);
    await d.start();
    await d.handleMessage({ type: 'ready' });
    expect(g.posted.filter((m) => m.type === 'loadChunk').length).toBeLessThanOrEqual(3);
  });

  it('a webview that is gone (postMessage answers false) gets no more chunks', async () => {
    const f = fakePanelHost({
      load: async () => [bigArray()],
      over: {
        post: (m) => {
          f.posted.push(m);
          return Promise.resolve(!(m.type === 'loadChunk' && m.index >= 1));
        },
      },
    });
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    expect(f.posted.filter((m) => m.type === 'loadChunk').length).toBe(3); // the one refused, and the one already on its way
  });

  it('small arrays keep one message', async () => {
    const f = fakePanelHost();
    const c = new PanelController(f.host, init);
    await c.start();
    await c.handleMessage({ type: 'ready' });
    expect(f.posted.map((m) => m.type)).toEqual(['load']);
  });
});
