// JPEG decoding in pieces (jpegSteps, src/io/steps.ts): readArrays, and the generator run with
// pieces as small as one block or row, give the bits (or the error) readArraysSync gives, for
// every JPEG fixture and for cut and damaged copies of them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadedArray, readArrays, readArraysSync } from '../../src/io';
import { jpegSteps } from '../../src/io/jpeg';
import { FORMATS } from '../../src/io/registry';
import { drain, type Steps } from '../../src/io/steps';
import { FIXTURES, runCountingPauses } from './helpers';
import { readFileSync } from 'node:fs';

const DIRS = ['jpeg', 'jpeg-exact'];
const MAX = 2 ** 30;

/** What a read gave, with the pixels as base64 (a deep compare of every float is slow): the arrays, or the error. */
function summary(arrays: LoadedArray[]): unknown {
  return arrays.map(({ array, ...rest }) => ({
    ...rest,
    shape: array.shape,
    data: Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength).toString('base64'),
  }));
}

function outcome(run: () => LoadedArray[]): unknown {
  try {
    return summary(run());
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

async function outcomeAsync(run: () => Promise<LoadedArray[]>): Promise<unknown> {
  try {
    return summary(await run());
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

function jpegFixtures(): { file: string; bytes: Uint8Array }[] {
  return DIRS.flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => /\.jpe?g$/.test(f))
      .map((f) => ({ file: `${dir}/${f}`, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, f))) })),
  );
}

/** Runs steps to the end, counting its yields. */
function drainCounting<T>(steps: Steps<T>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, yields };
    yields++;
  }
}

/** The same file read every way: at once, by readArrays, and in pieces of one block / row and of 64 blocks. */
async function expectSameEveryWay(bytes: Uint8Array, label: string, maxBytes = MAX): Promise<unknown> {
  const name = 'x.jpg';
  const once = outcome(() => readArraysSync(bytes, name, { maxBytes }));
  expect(await outcomeAsync(() => readArrays(bytes, name, { maxBytes })), `${label}: readArrays`).toEqual(once);
  for (const piece of [1, 64 * 64]) {
    expect(
      outcome(() => [drain(jpegSteps(bytes, name, maxBytes, piece))]),
      `${label}: pieces of ${piece} samples`,
    ).toEqual(once);
  }
  return once;
}

const isError = (o: unknown): o is { error: string } => typeof o === 'object' && o !== null && 'error' in o;

/** Offset just past the first SOS segment's header (where the entropy-coded data starts). */
function scanDataStart(bytes: Uint8Array): number {
  let o = 2;
  while (!(bytes[o] === 0xff && bytes[o + 1] === 0xda)) o += 2 + ((bytes[o + 2]! << 8) | bytes[o + 3]!);
  return o + 2 + ((bytes[o + 2]! << 8) | bytes[o + 3]!);
}

describe('JPEG decoding in pieces', () => {
  const fixtures = jpegFixtures();

  it('every JPEG fixture: readArrays and the smallest pieces give what readArraysSync gives (values, or the same error)', async () => {
    expect(fixtures.length).toBeGreaterThan(50);
    let errors = 0;
    for (const { file, bytes } of fixtures) {
      if (isError(await expectSameEveryWay(bytes, file))) errors++;
    }
    // cmyk.jpg and the progressive file cut short are refused; the rest decode.
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(errors).toBeLessThan(5);
  });

  it('EXIF-turned and size-limited reads are the same in pieces', async () => {
    for (const { file, bytes } of fixtures.filter((f) => f.file.includes('exif_orientation'))) {
      const got = await expectSameEveryWay(bytes, file);
      expect(isError(got), file).toBe(false);
    }
    const photo = fixtures.find((f) => f.file === 'jpeg-exact/photo_baseline_420.jpg')!.bytes;
    // Over the output limit.
    expect(await expectSameEveryWay(photo, 'output limit', 1000)).toMatchObject({ error: expect.stringMatching(/over the 1000 B limit/) });
  });

  it('cut and damaged JPEGs fail (or decode) the same way in pieces as at once, errors found mid-decode included', async () => {
    let midDecode = 0;
    for (const file of [
      'jpeg-exact/photo_baseline_420.jpg',
      'jpeg-exact/photo_progressive_444.jpg',
      'jpeg-exact/restart_5_420.jpg',
      'jpeg/gray_baseline.jpg',
    ]) {
      const bytes = fixtures.find((f) => f.file === file)!.bytes;
      const data = scanDataStart(bytes);
      for (let i = 1; i < 12; i++) {
        const at = Math.floor(data + ((bytes.length - data) * i) / 12);
        await expectSameEveryWay(bytes.subarray(0, at), `${file} cut at ${at}`);
        for (const flip of [0x01, 0x5a, 0xff]) {
          const damaged = bytes.slice();
          damaged[at] = damaged[at]! ^ flip;
          damaged[at + 1] = 0xfe;
          const got = await expectSameEveryWay(damaged, `${file} damaged at ${at} (^${flip})`);
          if (isError(got) && /bad Huffman code/.test(got.error)) midDecode++;
        }
      }
      // A damaged Huffman table: refused before any scan is decoded.
      const dht = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc4);
      const badTable = bytes.slice();
      badTable[dht + 5] = 0xff;
      await expectSameEveryWay(badTable, `${file} bad table`);
    }
    expect(midDecode).toBeGreaterThan(0);
  });

  it('yields between MCU rows, block rows and rows: the smaller the piece, the more yields, the same pixels', () => {
    const bytes = fixtures.find((f) => f.file === 'jpeg-exact/photo_progressive_420.jpg')!.bytes;
    const tiny = drainCounting(jpegSteps(bytes, 'p.jpg', MAX, 1));
    const some = drainCounting(jpegSteps(bytes, 'p.jpg', MAX, 64 * 16));
    const whole = drainCounting(jpegSteps(bytes, 'p.jpg', MAX));
    expect(summary([tiny.value])).toEqual(summary([whole.value]));
    expect(summary([some.value])).toEqual(summary([whole.value]));
    // One sample per piece: every MCU row of every scan, every block row of the inverse DCT (10
    // of luma, 5 of each chroma), every row of both upsampled planes and of colour conversion (75).
    expect(tiny.yields).toBeGreaterThan(20 + 75 * 3);
    expect(some.yields).toBeLessThan(tiny.yields);
    expect(whole.yields).toBeLessThan(some.yields);
    expect(whole.yields).toBeGreaterThan(1);
  });

  it('readArrays pauses each time the budget is spent, and a read abandoned part way stops', async () => {
    const bytes = fixtures.find((f) => f.file === 'jpeg-exact/photo_baseline_420.jpg')!.bytes;
    const { value: arrays, yields, pauses } = await runCountingPauses(FORMATS.jpeg.steps!(bytes, 'b.jpg', MAX));
    expect(yields).toBeGreaterThan(5);
    expect(pauses).toBe(yields);
    expect(summary(arrays)).toEqual(summary(readArraysSync(bytes, 'b.jpg')));

    // A caller that stops asking for pieces (return()) ends the decode: it runs no further.
    const abandoned = jpegSteps(bytes, 'b.jpg', MAX, 64);
    abandoned.next();
    abandoned.next();
    expect(abandoned.return(undefined as never)).toEqual({ done: true, value: undefined });
    expect(abandoned.next()).toEqual({ done: true, value: undefined });
  });
});
