import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadError } from '../../src/io';
import { FileLoadError, formatBytes, loadArrays, MB, ownBytes } from '../../src/extension/panel/load';
import type { FileSource, LoadOptions } from '../../src/extension/panel/load';
import { lastLoadTimes } from '../../src/extension/panel/loadTimes';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function source(bytes: Uint8Array, size = bytes.byteLength): FileSource & { reads: number } {
  const s = {
    reads: 0,
    size: async () => size,
    read: async () => {
      s.reads++;
      return bytes;
    },
  };
  return s;
}

function options(over: Partial<LoadOptions> = {}): LoadOptions & { progressTitles: string[] } {
  const progressTitles: string[] = [];
  return {
    maxFileSizeMB: 256,
    withProgress: (title, task) => {
      progressTitles.push(title);
      return task();
    },
    progressTitles,
    ...over,
  };
}

describe('loadArrays', () => {
  it('notes when the size and the bytes were known (test builds: the workbench benchmark splits a first paint with them)', async () => {
    lastLoadTimes(true);
    await loadArrays('m.csv', source(enc('1,2\n3,4\n')), options());
    expect(Object.keys(lastLoadTimes(true)).sort()).toEqual(['bytes', 'size']);
    // A file over the limit is refused once its size is known, before any bytes.
    await expect(loadArrays('big.csv', source(enc('1'), 300 * MB), options())).rejects.toThrow(FileLoadError);
    expect(Object.keys(lastLoadTimes(true))).toEqual(['size']);
  });

  it('reads and decodes a small file without a progress notification', async () => {
    const o = options();
    const arrays = await loadArrays('m.csv', source(enc('1,2\n3,4\n')), o);
    expect(arrays[0]!.array.shape).toEqual([2, 2]);
    expect(Array.from(arrays[0]!.array.data)).toEqual([1, 2, 3, 4]);
    expect(o.progressTitles).toEqual([]);
  });

  it('reads bytes that are a view into a larger buffer (as Node hands out small files)', async () => {
    const npy = readFileSync(new URL('../vscode/workspace/lens-4x4.npy', import.meta.url));
    const pool = new Uint8Array(8192).fill(0xee);
    pool.set(npy, 4048);
    const view = pool.subarray(4048, 4048 + npy.byteLength);
    const [a] = await loadArrays('lens-4x4.npy', source(view), options());
    expect(Array.from(a!.array.data)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // And a pooled Node Buffer, as readFileSync returns for a small file.
    expect(npy.byteOffset).not.toBe(0);
    const [b] = await loadArrays('lens-4x4.npy', source(npy), options());
    expect(Array.from(b!.array.data)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('ownBytes copies views and Buffers only when they do not own their buffer', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(ownBytes(whole)).toBe(whole);
    const part = whole.subarray(1);
    const own = ownBytes(part);
    expect(own.byteOffset).toBe(0);
    expect(own.buffer.byteLength).toBe(2);
    expect(Object.getPrototypeOf(ownBytes(Buffer.from([1, 2])))).toBe(Uint8Array.prototype);
  });

  it('shows progress for files over the threshold', async () => {
    const o = options({ progressThresholdBytes: 4 });
    await loadArrays('m.csv', source(enc('1,2\n3,4\n')), o);
    expect(o.progressTitles).toEqual(['Pooling Lens: reading m.csv (8 bytes)']);
  });

  it('refuses a file over the limit before reading it, naming the file, its size and the setting', async () => {
    const src = source(enc('1'), 300 * MB);
    const err = await loadArrays('big.npy', src, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileLoadError);
    expect((err as Error).message).toBe('big.npy is 300 MB, over the 256 MB limit. Raise the setting poolingLens.maxFileSizeMB to open it.');
    expect(src.reads).toBe(0);
  });

  it("the limit is the array's size: an array of exactly the limit opens although its file adds a header", async () => {
    // 512×512 float32 = 1 MB of data under a 1 MB limit (the default's 256 MB behaves alike, 256 times larger).
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (512, 512), }";
    const text = header.padEnd(128 - 10 - 1, ' ') + '\n';
    const bytes = new Uint8Array(128 + MB);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
    bytes.set(enc(text), 10);
    const arrays = await loadArrays('exact.npy', source(bytes), options({ maxFileSizeMB: 1 }));
    expect(arrays[0]!.array.shape).toEqual([512, 512]);
    // One float more and it is refused, the message naming both sizes in one unit.
    const over = await loadArrays('over.npy', source(new Uint8Array(0), 256 * MB + 64 * 1024 + 1), options()).catch((e: unknown) => e);
    expect((over as Error).message).toBe('over.npy is 256.1 MB, over the 256 MB limit. Raise the setting poolingLens.maxFileSizeMB to open it.');
  });

  it('refuses a file that grew past the limit between stat and read', async () => {
    const err = await loadArrays('g.csv', source(new Uint8Array(2 * MB), 10), options({ maxFileSizeMB: 1 })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^g\.csv is 2 MB, over the 1 MB limit/);
  });

  it('names the file when the file system fails', async () => {
    const src: FileSource = { size: async () => 10, read: async () => Promise.reject(new Error('EntryNotFound (FileSystemError)')) };
    const err = await loadArrays('gone.npy', src, options()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('Could not read gone.npy: EntryNotFound (FileSystemError)');
    const statFails: FileSource = { size: async () => Promise.reject(new Error('no such file')), read: async () => new Uint8Array() };
    expect(((await loadArrays('x.npy', statFails, options()).catch((e: unknown) => e)) as Error).message).toBe('Could not open x.npy: no such file');
  });

  it('wraps a ReadError with the file name and keeps it as the cause', async () => {
    const err = await loadArrays('bad.npy', source(enc('this is not numpy')), options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileLoadError);
    expect((err as Error).message).toMatch(/^Could not load bad\.npy: /);
    // The reader's message names the file too: said once is enough.
    expect((err as Error).message).not.toMatch(/bad\.npy: bad\.npy/);
    expect((err as Error).cause).toBeInstanceOf(ReadError);
  });

  it('passes the limit to the reader (decoded size)', async () => {
    // 1000x1000 float64 declared by a header, but the limit is 1 MB: the reader must refuse.
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }";
    const pad = 64 - ((10 + header.length + 1) % 64);
    const text = header + ' '.repeat(pad) + '\n';
    const bytes = new Uint8Array(10 + text.length + 16);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
    bytes.set(enc(text), 10);
    const err = await loadArrays('huge.npy', source(bytes), options({ maxFileSizeMB: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileLoadError);
    expect((err as Error).cause).toBeInstanceOf(ReadError);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * MB)).toBe('3.00 GB');
  });
});
