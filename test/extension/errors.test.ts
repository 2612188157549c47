/*
 * Errors are useful: every message a user sees for a bad file names the file, says what is wrong
 * and, where there is a fix, suggests it; the detail (error class, stack, cause) goes to the
 * output channel. The table runs each bad input through the extension's real read path
 * (loadArrays → readArrays) and the panel controller.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadArrays } from '../../src/extension/panel/load';
import { PanelController } from '../../src/extension/panel/controller';
import { fakePanelHost } from './fakeHost';
import { maxRequest } from './requests';

const FIXTURES = join(__dirname, '..', 'fixtures', 'io');
const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, p)));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A fix the user can apply: an action, a setting, or another way to save the data. */
const HINT = /check the file|save (a|one)|np\.save|raise the setting poolingLens\.maxFileSizeMB|instead|re-?save|supported: \.npy/i;

/** [case, file name, bytes, what is wrong (regex), a fix is expected] */
const BAD_FILES: [string, string, Uint8Array, RegExp, boolean][] = [
  ['unsupported extension', 'weights.pt', text('x'), /'\.pt' files are not supported/, true],
  ['no extension', 'README', text('x'), /without an extension is not supported/, true],
  ['empty .npy', 'empty.npy', new Uint8Array(0), /the file is empty/, false],
  ['a PNG named .npy', 'image.npy', fixture('png/rgb8.png'), /not a NumPy \.npy file.*looks like a PNG image/, true],
  ['truncated .npy', 'cut.npy', fixture('npy/f4_le_v1.npy').slice(0, 60), /truncated: the header is declared as \d+ bytes/, false],
  ['object dtype', 'objects.npy', fixture('npy/object.npy'), /object .*pickled Python objects.* not supported/, true],
  ['complex dtype', 'complex.npy', fixture('npy/complex64.npy'), /complex64 .* not supported/, true],
  ['structured dtype', 'records.npy', fixture('npy/structured.npy'), /structured \(fields 'x', 'y'\)/, true],
  ['datetime dtype', 'dates.npy', fixture('npy/datetime64.npy'), /datetime64\[D\]/, true],
  ['float128', 'long.npy', fixture('npy/float128.npy'), /float128/, true],
  ['zip without a directory', 'broken.npz', text('PK\x03\x04 junk'), /not a readable \.npz \(zip\) archive: no end-of-central-directory record/, false],
  ['a PNG named .npz', 'image.npz', fixture('png/rgb8.png'), /not an \.npz \(zip\) archive.*PNG image/, true],
  ['truncated PNG', 'cut.png', fixture('png/rgb8.png').slice(0, 40), /truncated: the file ends at offset 40 before the IEND chunk/, false],
  ['a GIF named .png', 'anim.png', text('GIF89a'), /not a PNG image.*GIF image/, true],
  ['truncated JPEG', 'cut.jpg', fixture('jpeg/gray_baseline.jpg').slice(0, 100), /truncated: the segment 0xFFC0 at offset \d+/, false],
  ['a PNG named .jpg', 'photo.jpg', fixture('png/rgb8.png'), /not a JPEG image.*PNG image/, true],
  ['ragged CSV', 'ragged.csv', text('1,2\n3\n'), /row 2 has 1 column, expected 2 like row 1/, false],
  ['a text field in a CSV', 'text.csv', text('1.5,2\n3,abc\n'), /row 2, column 2: "abc" is not a number/, false],
  ['binary data named .csv', 'data.csv', new Uint8Array([1, 0, 2, 3]), /binary file, not text/, false],
  ['invalid JSON', 'bad.json', text('{"a": [1, 2'), /not valid JSON/, false],
  ['ragged JSON', 'ragged.json', text('[[1, 2], [3]]'), /ragged at \$\[1\]: 1 element, expected 2/, false],
  ['a string in JSON', 'words.json', text('{"a": [1, "x"]}'), /at \$\.a\[1\]: expected a number, found the string "x"/, false],
  ['JSON shape and data disagree', 'shape.json', text('{"shape": [2, 2], "data": [1, 2, 3]}'), /3 values, but shape \[2, 2\] needs 4/, false],
];

function source(bytes: Uint8Array) {
  return { size: async () => bytes.byteLength, read: async () => bytes };
}
const options = (maxFileSizeMB = 256) => ({ maxFileSizeMB, withProgress: <T>(_t: string, task: () => Promise<T>) => task() });

async function loadError(fileName: string, bytes: Uint8Array, maxFileSizeMB?: number): Promise<Error> {
  try {
    await loadArrays(fileName, source(bytes), options(maxFileSizeMB));
  } catch (e) {
    return e as Error;
  }
  throw new Error(`${fileName}: loaded, expected an error`);
}

describe('bad files: the message names the file, says what is wrong, suggests a fix', () => {
  it.each(BAD_FILES)('%s', async (_case, fileName, bytes, wrong, fixable) => {
    const e = await loadError(fileName, bytes);
    expect(e.message).toContain(fileName);
    expect(e.message).toMatch(wrong);
    if (fixable) expect(e.message).toMatch(HINT);
    expect(e.message.length).toBeLessThan(600);
    // The reader's own error stays attached for the output channel.
    expect((e as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  it('an array over the size limit names the file, the size and the setting to raise', async () => {
    const big = text(`${Array.from({ length: 400 }, () => Array.from({ length: 400 }, (_, i) => i).join(',')).join('\n')}\n`);
    const e = await loadError('table.csv', big, 1);
    expect(e.message).toMatch(
      /^Could not load table\.csv: .*400×400 table needs 1\.2 MB in memory, over the 1\.0 MB limit \(raise the setting poolingLens\.maxFileSizeMB to open it\)/,
    );
  });

  it('a zip member that inflates past the limit names the archive, the member and the setting', async () => {
    const { buildZip } = await import('../io/zip-builder');
    const npy = fixture('npy/f8_le_v1.npy');
    const header = npy.slice(0, 128);
    const huge = new Uint8Array(2 * 1024 * 1024);
    huge.set(header);
    // Shape (262144,) float64 = 2 MB of zeros: the header is rewritten to match.
    const text = new TextDecoder().decode(header.slice(10, 128)).replace(/'shape': \([^)]*\)/, "'shape': (262128,)");
    huge.set(new TextEncoder().encode(text.padEnd(118, ' ')), 10);
    const zip = buildZip([{ name: 'weights.npy', data: huge, compressed: deflateSync(huge) }]).bytes;
    const e = await loadError('model.npz', zip, 1);
    expect(e.message).toMatch(/model\.npz › weights\.npy: .*over the 1\.0 MB limit \(raise the setting poolingLens\.maxFileSizeMB/);
  });

  it('a file over the limit before it is read says so without reading it', async () => {
    let read = false;
    try {
      await loadArrays(
        'huge.npy',
        {
          size: async () => 3 * 1024 ** 3,
          read: async () => {
            read = true;
            return new Uint8Array(0);
          },
        },
        options(),
      );
    } catch (e) {
      expect((e as Error).message).toBe('huge.npy is 3.00 GB, over the 256 MB limit. Raise the setting poolingLens.maxFileSizeMB to open it.');
    }
    expect(read).toBe(false);
  });
});

describe('the panel shows the message and logs the detail', () => {
  it('a failed load: the notification names the file; the output channel gets the reader error with its stack', async () => {
    const f = fakePanelHost({ load: () => loadArrays('objects.npy', source(fixture('npy/object.npy')), options()) });
    const { host, posted } = f;
    const c = new PanelController(host, { fileName: 'objects.npy', uri: 'file:///w/objects.npy', reason: 'open' });
    await c.start();
    await c.handleMessage({ type: 'ready' });
    const shown = [...f.errors, ...f.warnings];
    const logs = f.logs.map((l) => l.message);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^Could not load objects\.npy: the dtype object .* Save a numeric copy instead/);
    const detail = logs.join('\n');
    expect(detail).toContain('ReadError');
    expect(detail).toMatch(/\n\s+at /); // a stack trace
    expect(posted.find((m) => m.type === 'loadError')).toMatchObject({ fileName: 'objects.npy' });
  });

  it('bad pooling parameters in an export: the reply names the parameter and its value', async () => {
    const { host, posted } = fakePanelHost({ load: async () => [{ name: 'm.csv', dtype: 'float64', array: { shape: [4, 4], data: new Float64Array(16) } }] });
    const c = new PanelController(host, { fileName: 'm.csv', uri: 'file:///w/m.csv', reason: 'open' });
    await c.start();
    const request = maxRequest({ kernel: [3, 3], stride: [1, 1], padding: [2, 2] });
    await c.handleMessage({ type: 'export', requestId: 1, format: 'npy', request });
    const reply = posted.find((m) => m.type === 'reply') as { message: string } | undefined;
    expect(reply?.message).toMatch(/^Export failed: padding\[0\] = 2 is more than half of kernel\[0\] = 3 \(PyTorch allows at most 1\)/);
  });
});
