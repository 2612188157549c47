// Decoders in pieces (src/io/steps.ts): readArrays lets other work run while a PNG decodes, and
// gives the bits (or the error) readArraysSync gives, for every PNG fixture, broken ones too.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadAbandoned, readArrays, readArraysSync, writePng } from '../../src/io';
import { crc32 } from '../../src/io/crc32';
import { FORMATS } from '../../src/io/registry';
import { eventLoopPause, type PauseScope, runSteps } from '../../src/io/steps';
import { fixture, runCountingPauses } from './helpers';

const PNG_DIR = join(__dirname, '../fixtures/io/png');

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

async function outcomeAsync(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** A gray PNG of n×n smooth values, deflated in many blocks (so inflating takes many steps). */
function grayPng(n: number): Uint8Array {
  const values = new Float32Array(n * n).map((_, i) => Math.round(127 + 120 * Math.sin(i / 97) * Math.cos(i / (n * 13))));
  return writePng({ shape: [n, n], data: values });
}

describe('PNG decoding in pieces', () => {
  it('every PNG fixture: readArrays gives what readArraysSync gives (values, or the same error)', async () => {
    const files = readdirSync(PNG_DIR).filter((f) => f.endsWith('.png'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const bytes = fixture('png', file);
      expect(await outcomeAsync(() => readArrays(bytes, file)), file).toEqual(outcome(() => readArraysSync(bytes, file)));
    }
  });

  it('a 512² PNG yields between inflate steps and rows, and pauses each time the budget is spent', async () => {
    const png = grayPng(512);
    const { value: arrays, yields, pauses } = await runCountingPauses(FORMATS.png.steps!(png, 'g.png', 2 ** 30));
    // 512 rows: a yield every 64 rows, plus the inflate steps.
    expect(yields).toBeGreaterThanOrEqual(8);
    expect(pauses).toBe(yields);
    expect(arrays).toEqual(readArraysSync(png, 'g.png'));
  });

  it('a run that is no longer wanted ends the generator at its next pause (its finally runs) and gives undefined', async () => {
    let pieces = 0;
    let closed = false;
    const steps = (function* () {
      try {
        for (let i = 0; i < 100; i++) {
          pieces++;
          yield;
        }
        return 'done';
      } finally {
        closed = true;
      }
    })();
    let asked = 0;
    // Asked before the first piece, then after each pause: false the fourth time.
    const result = await runSteps(
      steps,
      0,
      async () => {},
      () => ++asked < 4,
    );
    expect(result).toBeUndefined();
    expect(pieces).toBe(3);
    expect(closed).toBe(true);
  });

  it('readArrays with keepGoing: a PNG no longer wanted is not decoded (ReadAbandoned); while it is, the arrays', async () => {
    const png = grayPng(256);
    let asked = 0;
    const stopped = readArrays(png, 'g.png', {
      keepGoing: () => {
        asked++;
        return false;
      },
    });
    await expect(stopped).rejects.toThrow(ReadAbandoned);
    await expect(stopped).rejects.toThrow(/g\.png: reading stopped/);
    expect(asked).toBe(1);
    const kept = await readArrays(png, 'g.png', { keepGoing: () => true });
    expect(kept).toEqual(readArraysSync(png, 'g.png'));
  });

  it('a corrupt deflate stream fails with the same reader error in pieces as at once', async () => {
    const bad = grayPng(64);
    // Find IDAT, corrupt its deflate data past the zlib header, and give the chunk a correct CRC
    // again, so the inflater (not the CRC check) meets the damage.
    const view = new DataView(bad.buffer);
    let at = 8;
    while (String.fromCharCode(...bad.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + view.getUint32(at);
    const length = view.getUint32(at);
    for (let i = at + 10; i < at + 8 + Math.min(length, 12); i++) bad[i] = 0xff;
    view.setUint32(at + 8 + length, crc32(bad.subarray(at + 4, at + 8 + length)));
    const once = outcome(() => readArraysSync(bad, 'bad.png'));
    expect(once).toMatchObject({ error: expect.stringMatching(/corrupt compressed image data/) });
    expect(await outcomeAsync(() => readArrays(bad, 'bad.png'))).toEqual(once);
  });
});

describe('the pause between pieces', () => {
  it('uses setImmediate where the scope has it', async () => {
    let calls = 0;
    const counted = (f: () => void) =>
      setImmediate(() => {
        calls++;
        f();
      });
    const pause = eventLoopPause({ setImmediate: counted, MessageChannel: MessageChannel as unknown as PauseScope['MessageChannel'] });
    await pause();
    await pause();
    expect(calls).toBe(2);
  });
  // Between two messages a browser runs its other due tasks (timers too): separate tasks, which is
  // why schedulers yield this way; Node drains a port's messages together, so that is not tested here.
  it('without setImmediate (browsers, the web extension host): one MessageChannel, one message per pause, resolved in order', async () => {
    let channels = 0;
    let posted = 0;
    const opened: InstanceType<typeof MessageChannel>[] = [];
    class CountingChannel extends MessageChannel {
      constructor() {
        super();
        channels++;
        opened.push(this);
        const post = this.port2.postMessage.bind(this.port2);
        this.port2.postMessage = (m: unknown) => {
          posted++;
          post(m);
        };
      }
    }
    const pause = eventLoopPause({ MessageChannel: CountingChannel as unknown as PauseScope['MessageChannel'] });
    try {
      const order: number[] = [];
      await Promise.all([1, 2, 3].map((i) => pause().then(() => order.push(i))));
      expect(order).toEqual([1, 2, 3]);
      for (let i = 0; i < 5; i++) await pause();
      expect(channels).toBe(1);
      expect(posted).toBe(8);
    } finally {
      for (const c of opened) c.port1.close();
    }
  });
  it('with neither: a zero timeout', async () => {
    await expect(eventLoopPause({})()).resolves.toBeUndefined();
  });
});
