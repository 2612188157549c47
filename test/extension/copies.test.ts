// Issue 14: an array crosses from its file to the panel with at most one copy on each side.
// The host side is the real path (ownBytes → readers → toArrayPayload), the webview side
// payloadValues; src/copies.ts counts every copy, per site.
import { beforeEach, describe, expect, it } from 'vitest';
import { copyCounts, hostCopies, resetCopyCounts } from '../../src/copies';
import { loadArrays, MB } from '../../src/extension/panel/load';
import { toArrayPayload } from '../../src/extension/panel/payload';
import { payloadValues, type ArrayPayload } from '../../src/protocol';
import { buildZip } from '../io/zip-builder';

/** A version-1 .npy: header padded to 64 bytes as NumPy writes it, then `data` as is. */
function npy(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const text = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + text.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  out.set(new TextEncoder().encode(text), 10);
  out.set(data, 10 + text.length);
  return out;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 251) - 100);

/** `file` placed at `offset` in a buffer with `after` spare bytes, as the web host hands a file over inside its message. */
function framed(file: Uint8Array, offset: number, after = 0): Uint8Array {
  const frame = new Uint8Array(offset + file.byteLength + after).fill(0xee);
  frame.set(file, offset);
  return frame.subarray(offset, offset + file.byteLength);
}

/** Loads like a panel does, builds the payload, and turns it into the webview's values. */
async function cross(name: string, file: Uint8Array) {
  resetCopyCounts();
  const source = { size: async () => file.byteLength, read: async () => file };
  const [loaded] = await loadArrays(name, source, { maxFileSizeMB: 256, withProgress: (_t, task) => task() });
  const payload: ArrayPayload = toArrayPayload(loaded!);
  const host = copyCounts();
  const values = payloadValues(payload);
  return { loaded: loaded!, payload, values, host: hostCopies(host), sites: host.count, webview: copyCounts().count.webview };
}

const N = 64 * 64; // big enough that a 128-byte header is a small part of the file

describe('copies on the way from a file to the panel', () => {
  beforeEach(() => resetCopyCounts());

  for (const [descr, View] of [
    ['<f4', Float32Array],
    ['<f8', Float64Array],
  ] as const) {
    it(`${descr} .npy read whole: no copy on either side; the file's own buffer is posted with the values' offset`, async () => {
      const data = View.from(ramp(N).map((v) => v / 8));
      const file = npy(descr, [64, 64], bytesOf(data));
      const r = await cross('a.npy', file);
      expect(r.host).toBe(0);
      expect(r.webview).toBe(0);
      expect(r.payload.buffer).toBe(file.buffer);
      expect(r.payload.byteOffset).toBe(128);
      expect(r.values.buffer).toBe(file.buffer);
      expect(Array.from(r.values)).toEqual(Array.from(data));
    });
  }

  it('a float32 .npy inside a message frame at an aligned offset: still no copy', async () => {
    const data = Float32Array.from(ramp(N));
    const r = await cross('a.npy', framed(npy('<f4', [64, 64], bytesOf(data)), 16, 8));
    expect(r.host).toBe(0);
    expect(r.payload.byteOffset).toBe(16 + 128);
    expect(Array.from(r.values)).toEqual(Array.from(data));
  });

  it('a float32 .npy at an unaligned offset: one copy to realign it, on the host; none in the webview', async () => {
    const data = Float32Array.from(ramp(N));
    const r = await cross('a.npy', framed(npy('<f4', [64, 64], bytesOf(data)), 9));
    expect(r.sites).toMatchObject({ read: 0, decode: 1, payload: 0 });
    expect(r.webview).toBe(0);
    expect(Array.from(r.values)).toEqual(Array.from(data));
  });

  it('an unaligned payload (another sender) costs the webview one copy and gives the same values', () => {
    const data = Float64Array.from(ramp(10));
    const buffer = new ArrayBuffer(3 + data.byteLength);
    new Uint8Array(buffer).set(bytesOf(data), 3);
    const values = payloadValues({ name: 'x', dtype: 'float64', shape: [10], storage: 'float64', buffer, byteOffset: 3 });
    expect(copyCounts().count.webview).toBe(1);
    expect(Array.from(values)).toEqual(Array.from(data));
  });

  const converted: [string, string, Uint8Array, number[]][] = [
    ['uint8', '|u1', Uint8Array.from(ramp(N), (v) => v + 100), ramp(N).map((v) => v + 100)],
    ['int16', '<i2', bytesOf(Int16Array.from(ramp(N))), ramp(N)],
    ['int32', '<i4', bytesOf(Int32Array.from(ramp(N))), ramp(N)],
    ['int64', '<i8', bytesOf(BigInt64Array.from(ramp(N), (v) => BigInt(v))), ramp(N)],
    ['bool', '|b1', Uint8Array.from(ramp(N), (v) => (v > 0 ? 1 : 0)), ramp(N).map((v) => (v > 0 ? 1 : 0))],
    ['float16', '<f2', bytesOf(Uint16Array.from(ramp(N), (v) => (v === 0 ? 0 : 0x3c00))), ramp(N).map((v) => (v === 0 ? 0 : 1))],
  ];
  for (const [dtype, descr, data, want] of converted) {
    it(`${dtype} .npy: exactly one copy (the conversion) on the host, none in the webview`, async () => {
      const r = await cross('a.npy', npy(descr, [64, 64], data));
      expect(r.sites).toMatchObject({ read: 0, decode: 1, reorder: 0, payload: 0 });
      expect(r.webview).toBe(0);
      expect(Array.from(r.values)).toEqual(want);
    });
  }

  it('int16 .npy at an unaligned offset: still one copy (converted straight from the bytes)', async () => {
    const r = await cross('a.npy', framed(npy('<i2', [64, 64], bytesOf(Int16Array.from(ramp(N)))), 5));
    expect(r.host).toBe(1);
    expect(Array.from(r.values)).toEqual(ramp(N));
  });

  it('big-endian float32 .npy: one copy (byte swap)', async () => {
    const be = new Uint8Array(N * 4);
    const view = new DataView(be.buffer);
    for (const [i, v] of ramp(N).entries()) view.setFloat32(i * 4, v, false);
    const r = await cross('a.npy', npy('>f4', [64, 64], be));
    expect(r.host).toBe(1);
    expect(Array.from(r.values)).toEqual(ramp(N));
  });

  it('Fortran-order float32 .npy: one copy (the reorder)', async () => {
    const r = await cross('a.npy', npy('<f4', [64, 64], bytesOf(Float32Array.from(ramp(N))), true));
    expect(r.sites).toMatchObject({ decode: 0, reorder: 1, payload: 0 });
    expect(r.values[1]).toBe(ramp(N)[64]); // row 0, column 1 is the second stored column's first value
  });

  it('a small file in a shared pool (a Node Buffer): one copy out of the pool, so no foreign bytes are posted', async () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const pooled = framed(npy('<f4', [2, 2], bytesOf(data)), 4000, 4000);
    const r = await cross('s.npy', pooled);
    expect(r.sites).toMatchObject({ read: 1, decode: 0, payload: 0 });
    expect(r.payload.buffer.byteLength).toBe(pooled.byteLength);
    expect(Array.from(r.values)).toEqual([1, 2, 3, 4]);
  });

  it('stored .npz members: at most one copy each, and never the whole archive posted', async () => {
    const a = Float32Array.from(ramp(N));
    const other = new Float32Array(50 * 1024); // a second, larger member: posting the archive would send it too
    const zip = buildZip([
      { name: 'a.npy', data: npy('<f4', [64, 64], bytesOf(a)), method: 0 },
      { name: 'b.npy', data: npy('<f4', [other.length], bytesOf(other)), method: 0 },
    ]).bytes;
    const r = await cross('z.npz', zip);
    // Every member is read; each is realigned at most once (where the zip put it decides).
    expect(r.sites.decode).toBeLessThanOrEqual(2);
    expect(r.sites.read + r.sites.reorder).toBe(0);
    // a's one copy is its realignment, or (a view of the archive) the payload's.
    const realigned = r.loaded.array.data.buffer !== zip.buffer;
    expect(Number(realigned) + r.sites.payload).toBe(1);
    expect(r.payload.buffer.byteLength - r.payload.byteOffset).toBeLessThan(a.byteLength + 64 * 1024);
    expect(Array.from(r.values)).toEqual(Array.from(a));
  });

  it('a deflated .npz member: inflating makes the array, no copy after it', async () => {
    const a = Float64Array.from(ramp(N));
    const r = await cross('z.npz', buildZip([{ name: 'a.npy', data: npy('<f8', [64, 64], bytesOf(a)) }]).bytes);
    expect(r.host).toBe(0);
    expect(Array.from(r.values)).toEqual(Array.from(a));
  });

  it('a 256 MiB float32 array (8192²) opens under the default limit, with no copy on the host', async () => {
    const file = npy('<f4', [8192, 8192], new Uint8Array(0));
    const whole = new Uint8Array(file.byteLength + 256 * MB);
    whole.set(file);
    new Float32Array(whole.buffer, 128, 8192 * 8192)[8192 * 8192 - 1] = 7;
    const r = await cross('big.npy', whole);
    expect(r.loaded.array.shape).toEqual([8192, 8192]);
    expect(r.host).toBe(0);
    expect(r.payload.buffer).toBe(whole.buffer);
    expect(r.values[8192 * 8192 - 1]).toBe(7);
  });
});
