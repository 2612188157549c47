/**
 * The JavaScript expressions, evaluated by Node itself (node:vm) as js-debug would evaluate them
 * in a paused frame. js-debug is not published as a runnable adapter (npm has only
 * @vscode/js-debug-browsers), so this is the closest real evaluator available offline.
 * Contexts with and without `Buffer` cover Node targets and browser targets (btoa).
 */
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, DebugReadError, readDebugArray } from '../../src/debug';
import type { Evaluate } from '../../src/debug';

/** A fake tfjs tensor with the API the expression uses (dataSync, shape, dtype, isDisposed). */
const TFJS = `class Tensor { constructor(values, shape, dtype) { this.values = values; this.shape = shape; this.dtype = dtype; this.isDisposed = false; }
  dataSync() { return this.values; } arraySync() { throw new Error('not used'); } }`;

function frame(withBuffer: boolean): { evaluate: Evaluate; count: () => number; context: Record<string, unknown> } {
  // A browser page has btoa and no Buffer.
  const context: Record<string, unknown> = withBuffer ? { Buffer } : { btoa };
  createContext(context);
  runInContext(
    `${TFJS}
     var f32 = new Float32Array([1.5, -2, NaN, Infinity]);
     var f64 = Float64Array.from({ length: 6 }, (_, i) => i / 3);
     var i8 = new Int8Array([-128, 127]); var u8c = new Uint8ClampedArray([0, 255]); var i16 = new Int16Array([-32768, 32767]);
     var u16 = new Uint16Array([65535]); var i32 = new Int32Array([-(2 ** 31)]); var u32 = new Uint32Array([2 ** 32 - 1]);
     var big64 = new BigInt64Array([-(2n ** 53n), 5n]); var ubig = new BigUint64Array([2n ** 53n]);
     var nested = [[1, 2, 3], [4.5, 5, 6]]; var flags = [[true, false]]; var num = 3; var empty = []; var emptyRows = [[], []];
     var rowsOfTyped = [new Float32Array([1, 2]), new Float32Array([3, 4])];
     class Pixels extends Uint8Array {} var sub = new Pixels([9, 8]);
     var ragged = [[1, 2], [3]]; var text = 'hi'; var obj = { a: 1 }; var nul = null;
     var tensor = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3], 'float32');
     var tInt = new Tensor(new Int32Array([7, -8]), [2], 'int32');
     var tBool = new Tensor(new Uint8Array([1, 0, 1]), [3], 'bool');
     var tStr = new Tensor(['a'], [1], 'string');
     var gone = new Tensor(new Float32Array(1), [1], 'float32'); gone.isDisposed = true;
     var big = new Float32Array(16 * 1024 * 1024).map((_, i) => i);
     var mb1 = new Float32Array(256 * 1024).map((_, i) => i / 7);`,
    context,
  );
  let n = 0;
  return {
    context,
    count: () => n,
    evaluate: (expression) => {
      n++;
      try {
        return Promise.resolve(String(runInContext(expression, context)));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}

describe.each([true, false])('JavaScript expressions (Buffer available: %s)', (withBuffer) => {
  const f = frame(withBuffer);
  const read = (expression: string, options: Partial<Parameters<typeof readDebugArray>[2]> = {}) =>
    readDebugArray(f.evaluate, expression, { language: 'javascript', ...options });

  it.each([
    ['f32', 'float32', [4], [1.5, -2, NaN, Infinity]],
    ['f64', 'float64', [6], [0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3]],
    ['i8', 'int8', [2], [-128, 127]],
    ['u8c', 'uint8', [2], [0, 255]],
    ['i16', 'int16', [2], [-32768, 32767]],
    ['u16', 'uint16', [1], [65535]],
    ['i32', 'int32', [1], [-(2 ** 31)]],
    ['u32', 'uint32', [1], [2 ** 32 - 1]],
    ['big64', 'int64', [2], [-(2 ** 53), 5]],
    ['ubig', 'uint64', [1], [2 ** 53]],
    ['nested', 'float64', [2, 3], [1, 2, 3, 4.5, 5, 6]],
    ['flags', 'bool', [1, 2], [1, 0]],
    ['num', 'float64', [], [3]],
    ['empty', 'float64', [0], []],
    ['emptyRows', 'float64', [2, 0], []],
    ['rowsOfTyped', 'float64', [2, 2], [1, 2, 3, 4]],
    ['tensor', 'float32', [2, 3], [1, 2, 3, 4, 5, 6]],
    ['tInt', 'int32', [2], [7, -8]],
    ['tBool', 'bool', [3], [1, 0, 1]],
    ['f64.subarray(2, 4)', 'float64', [2], [2 / 3, 1]],
    ['sub', 'uint8', [2], [9, 8]], // a subclass (Node's Buffer is one) reads as its typed array
  ])('%s is read as %s %j', async (expression, dtype, shape, values) => {
    const loaded = await read(expression);
    expect(loaded.dtype).toBe(dtype);
    expect(loaded.array.shape).toEqual(shape);
    expect([...loaded.array.data]).toEqual(values);
  });

  it.each([
    ['text', 'text is a string, not an array (Pooling Lens reads typed arrays, nested arrays of numbers and TensorFlow.js tensors).'],
    ['obj', 'obj is an Object, not an array (Pooling Lens reads typed arrays, nested arrays of numbers and TensorFlow.js tensors).'],
    ['nul', 'nul is a null, not an array (Pooling Lens reads typed arrays, nested arrays of numbers and TensorFlow.js tensors).'],
    ['ragged', 'ragged is an Array but not a rectangular array of numbers: its rows differ in length or it holds something else than numbers.'],
    ['tStr', /^tStr has dtype string \(shape \[1\]\), which Pooling Lens cannot pool/],
    ['gone', 'gone is a TensorFlow.js tensor that has been disposed.'],
    ['missing', /^Could not evaluate missing: .*missing is not defined/],
  ])('%s fails with a specific message', async (expression, message) => {
    const error = await read(expression).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebugReadError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });

  it('a 64 MB typed array in chunks, with progress; refused over the limit; cancelled midway', async () => {
    let before = f.count();
    const progress: number[] = [];
    const t0 = performance.now();
    const loaded = await read('big', { onProgress: (d, t) => progress.push(d / t) });
    console.log(`[timing] javascript (node:vm, Buffer ${withBuffer}) Float32Array 64 MB: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(f.count() - before).toBe(1 + Math.ceil((64 * 1024 * 1024) / CHUNK_BYTES));
    expect(progress.at(-1)).toBe(1);
    expect(loaded.array.data[16 * 1024 * 1024 - 1]).toBe(16 * 1024 * 1024 - 1);

    before = f.count();
    await expect(read('big', { maxBytes: 1000 })).rejects.toThrow('big is 64.0 MB (shape [16777216]), over the 1000 bytes limit.');
    expect(f.count() - before).toBe(1);

    before = f.count();
    const controller = new AbortController();
    const error = await read('big', { signal: controller.signal, onProgress: () => controller.abort() }).catch((e: unknown) => e);
    expect((error as DebugReadError).code).toBe('cancelled');
    expect(f.count() - before).toBe(2);
  }, 60_000);

  it('a 1 MB typed array in one request', async () => {
    const before = f.count();
    const t0 = performance.now();
    const loaded = await read('mb1');
    console.log(`[timing] javascript (node:vm, Buffer ${withBuffer}) Float32Array 1 MB: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(f.count() - before).toBe(1);
    expect(loaded.array.data[7]).toBe(1);
  });

  it('assigns nothing in the frame', () => {
    const names = Object.keys(f.context).sort();
    expect(names).not.toContain('enc');
    expect(names).not.toContain('cand');
    expect(names).not.toContain('v');
  });

  it('survives a result quoted by the adapter and a trailing comment in the expression', async () => {
    const quoted: Evaluate = async (e, c) => JSON.stringify(await f.evaluate(e, c));
    const loaded = await readDebugArray(quoted, 'nested // the rows', { language: 'javascript' });
    expect(loaded.array.shape).toEqual([2, 3]);
  });
});

describe('a slow answer', () => {
  it('times out with a specific message instead of hanging', async () => {
    const never: Evaluate = () => new Promise(() => {});
    await expect(readDebugArray(never, 'x', { language: 'python', timeoutMs: 50 })).rejects.toThrow(
      'Evaluating x took longer than 50 ms; the program may be busy or the value too large.',
    );
  });
});

describe('base64 decoding', () => {
  it('the portable loop and Node’s decoder agree, and both reject damaged text', async () => {
    const { decodeBase64Into } = await import('../../src/debug/base64');
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 255);
    for (const len of [0, 1, 2, 3, 999, 1000]) {
      const text = Buffer.from(bytes.subarray(0, len)).toString('base64');
      const viaNode = new Uint8Array(len + 2);
      expect(decodeBase64Into(text, viaNode, 2)).toBe(len);
      const saved = globalThis.Buffer;
      const viaLoop = new Uint8Array(len + 2);
      try {
        (globalThis as { Buffer?: unknown }).Buffer = undefined;
        expect(decodeBase64Into(text, viaLoop, 2)).toBe(len);
        if (len > 0) expect(decodeBase64Into(`${text.slice(0, -4)}*${text.slice(-3)}`, new Uint8Array(len), 0)).toBe(-1);
      } finally {
        globalThis.Buffer = saved;
      }
      expect(viaLoop).toEqual(viaNode);
      expect(viaNode.subarray(2)).toEqual(bytes.subarray(0, len));
    }
  });
});
