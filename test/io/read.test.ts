import { describe, expect, it } from 'vitest';
import { readArrays, readArraysSync, ReadError, SUPPORTED_EXTENSIONS } from '../../src/io';
import { ascii, fixture, readOne, readRejection } from './helpers';

describe('readArrays dispatch', () => {
  it('lists the supported extensions', () => {
    expect(SUPPORTED_EXTENSIONS).toEqual(['.npy', '.npz', '.csv', '.tsv', '.json', '.txt', '.png', '.jpg', '.jpeg']);
  });

  it('resolves to what readArraysSync returns, for every format', async () => {
    const files: [string, string][] = [
      ['npy', 'f4_le_v1.npy'],
      ['npz', 'savez_stored.npz'],
      ['text', 'header_row.csv'],
      ['text', 'savetxt_tab.tsv'],
      ['text', 'savetxt_space.txt'],
      ['json', 'nested_2d.json'],
      ['png', 'rgb8.png'],
      ['jpeg', 'gray_baseline.jpg'],
    ];
    for (const [dir, file] of files) {
      const result = readArrays(fixture(dir, file), file);
      expect(result, file).toBeInstanceOf(Promise);
      expect(await result, file).toEqual(readArraysSync(fixture(dir, file), file));
    }
  });

  it('picks the format by extension, in any letter case and path style', () => {
    const a = readOne(fixture('npy', 'f4_le_v1.npy'), 'C:\\data\\Weights.NPY');
    expect(a.name).toBe('Weights.NPY');
    expect(readOne(fixture('jpeg', 'gray_baseline.jpg'), '/x/photo.JPEG').image?.channels).toBe(1);
    expect(readOne(fixture('jpeg', 'gray_baseline.jpg'), 'photo.jpg').dtype).toBe('uint8');
  });

  it('refuses unknown extensions, listing what is supported and what the file looks like', async () => {
    let e = await readRejection(readArrays(fixture('png', 'rgb8.png'), 'image.bmp'), 'unknown');
    expect(e.message).toBe(
      "image.bmp: '.bmp' files are not supported (it looks like a PNG image); supported: .npy, .npz, .csv, .tsv, .json, .txt, .png, .jpg, .jpeg.",
    );
    e = await readRejection(readArrays(ascii('1,2'), 'Makefile'), 'unknown');
    expect(e.message).toMatch(/^Makefile: a file without an extension is not supported; supported: /);
    e = await readRejection(readArrays(new Uint8Array([0x80, 0x04, 0x95]), 'model.pkl'), 'unknown');
    expect(e.message).toMatch(/looks like a Python pickle/);
  });

  it('rejects with a ReadError, an Error with a name and a format, and never throws', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = readArrays(new Uint8Array(0), 'x.png');
    }).not.toThrow();
    const e = await readRejection(promise!, 'png');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ReadError);
    expect(e.name).toBe('ReadError');
    expect(e.message).toBe('x.png: the file is empty.');
  });

  it('reports a file cut inside its magic bytes as truncated', async () => {
    expect((await readRejection(readArrays(new Uint8Array([0x89, 0x50, 0x4e]), 'x.png'), 'png')).message).toBe('x.png: truncated: only 3 bytes.');
  });

  it('rejects a negative size limit as a programming error', async () => {
    await expect(readArrays(fixture('npy', 'f4_le_v1.npy'), 'a.npy', { maxBytes: -1 })).rejects.toThrow(RangeError);
    expect(() => readArraysSync(fixture('npy', 'f4_le_v1.npy'), 'a.npy', { maxBytes: -1 })).toThrow(RangeError);
  });
});
