import { describe, expect, it } from 'vitest';
import type { LoadedArray } from '../../src/io';
import { hasPrecisionLoss, toArrayPayload } from '../../src/extension/panel/payload';
import { payloadValues } from '../../src/protocol';

describe('toArrayPayload', () => {
  it("posts the buffer of a view with little around it, at the view's offset (no copy)", () => {
    const big = new ArrayBuffer(8 * 100);
    const view = new Float64Array(big, 8 * 10, 6);
    view.set([1, 2, 3, 4, 5, 6]);
    const p = toArrayPayload({ name: 'a.npy', dtype: 'float64', array: { shape: [2, 3], data: view } });
    expect(p.buffer).toBe(big);
    expect(p.byteOffset).toBe(80);
    expect(p.storage).toBe('float64');
    expect(Array.from(payloadValues(p))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p.shape).toEqual([2, 3]);
  });

  it('copies exactly the bytes of a view into a buffer that holds much more (an archive around one member)', () => {
    const big = new ArrayBuffer(8 * 100_000);
    new Float64Array(big).fill(-1);
    const view = new Float64Array(big, 8 * 10, 6);
    view.set([1, 2, 3, 4, 5, 6]);
    const p = toArrayPayload({ name: 'a.npy', dtype: 'float64', array: { shape: [2, 3], data: view } });
    expect(p.buffer.byteLength).toBe(48);
    expect(p.byteOffset).toBe(0);
    expect(Array.from(new Float64Array(p.buffer))).toEqual([1, 2, 3, 4, 5, 6]);
    // A copy: changing the source afterwards does not change what was sent.
    view[0] = 99;
    expect(new Float64Array(p.buffer)[0]).toBe(1);
  });

  it('uses float32 storage for Float32Array data and passes image info', () => {
    const bytes = new Uint8Array(4 + 4 * 4 + 8);
    const data = new Float32Array(bytes.buffer, 4, 4); // offset 4 keeps alignment
    data.set([0, 128, 255, 7]);
    const p = toArrayPayload({
      name: 'img.png',
      dtype: 'uint8',
      array: { shape: [1, 2, 2], data },
      image: { width: 2, height: 2, channels: 1, bitDepth: 8 },
    });
    expect(p.storage).toBe('float32');
    expect(p.byteOffset).toBe(4);
    expect(Array.from(payloadValues(p))).toEqual([0, 128, 255, 7]);
    expect(p.image).toEqual({ width: 2, height: 2, channels: 1, bitDepth: 8 });
    expect(p.precisionLoss).toBeUndefined();
  });

  it('flags int64 values beyond 2^53', () => {
    const mk = (v: number, dtype = 'int64'): LoadedArray => ({ name: 'x', dtype, array: { shape: [1], data: new Float64Array([v]) } });
    expect(hasPrecisionLoss(mk(2 ** 53))).toBe(false);
    expect(hasPrecisionLoss(mk(2 ** 53 + 2))).toBe(true);
    expect(hasPrecisionLoss(mk(-(2 ** 60)))).toBe(true);
    expect(hasPrecisionLoss(mk(2 ** 60, 'float64'))).toBe(false);
    expect(toArrayPayload(mk(2 ** 60)).precisionLoss).toBe(true);
  });

  it("takes the reader's word when it has one (no pass of its own): an exact 2^60 int64 is not flagged", () => {
    let reads = 0;
    const values = new Float64Array([2 ** 60, 3]);
    // Counts element reads: the header must not scan the values.
    const data = new Proxy(values, {
      get: (t, k) => {
        if (typeof k === 'string' && /^\d+$/.test(k)) reads++;
        const v = Reflect.get(t, k, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const exact: LoadedArray = { name: 'x', dtype: 'int64', precisionLoss: false, array: { shape: [2], data } };
    expect(toArrayPayload(exact).precisionLoss).toBeUndefined();
    expect(reads).toBe(0);
    const rounded: LoadedArray = { name: 'x', dtype: 'int64', precisionLoss: true, array: { shape: [2], data: values } };
    expect(toArrayPayload(rounded).precisionLoss).toBe(true);
  });
});
