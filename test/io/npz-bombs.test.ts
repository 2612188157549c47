import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io';
import { BombReader } from './bomb-reader';
import { read, readError } from './helpers';
import { bombs, MiB, zeroNpyMember } from './zip-bombs';
import { buildZip } from './zip-builder';

/*
 * Issue 10 §2: every zip bomb is refused before it is inflated. Each bomb is read in a worker
 * whose allocations are all counted (test/fuzz/alloc.ts wraps the typed-array constructors
 * before fflate loads), and the total, not just the peak, must stay under 50 MB. Times are
 * printed, never asserted (a loaded machine is not a defect).
 */
const ALLOCATION_BOUND = 50 * 1_000_000;

describe('zip bombs are refused before they are inflated', () => {
  let reader: BombReader;
  beforeAll(async () => {
    reader = await BombReader.start();
  });
  afterAll(async () => {
    await reader.stop();
  });

  for (const bomb of bombs()) {
    it(`${bomb.name}: refused, allocating under 50 MB`, async () => {
      // A single allocation over the bound is refused in the worker, so a regression fails fast.
      const result = await reader.read({ bytes: bomb.bytes, fileName: bomb.fileName, maxBytes: bomb.maxBytes, bound: ALLOCATION_BOUND });
      console.log(
        `${bomb.name}: ${(bomb.bytes.length / 1024).toFixed(0)} KB file that inflates to ${(bomb.inflatesTo / MiB).toFixed(0)} MiB; ` +
          `refused in ${result.ms.toFixed(1)} ms (CPU ${result.cpuMs.toFixed(1)} ms), allocating ${(result.total / 1e6).toFixed(2)} MB in all (largest ${(result.largest / 1e6).toFixed(2)} MB)`,
      );
      expect(result.violation).toBeUndefined();
      expect(result.error?.name, result.error?.message).toBe('ReadError');
      expect(result.error!.message).toMatch(bomb.refusal);
      expect(result.total).toBeLessThan(ALLOCATION_BOUND);
    });
  }
});

const npyOf = (values: number[]): Uint8Array => writeNpy({ shape: [values.length], data: new Float64Array(values) });

describe('archive layout and the shared budget', () => {
  it('refuses an entry whose data covers the next entry (the quoted-overlap bomb)', () => {
    const built = buildZip([
      { name: 'a.npy', data: npyOf([1]), method: 0 },
      { name: 'b.npy', data: npyOf([2]), method: 0 },
    ]);
    const bytes = built.bytes.slice();
    const view = new DataView(bytes.buffer);
    // a.npy's compressed size now reaches into b.npy's local header, as in a quoted-overlap bomb.
    view.setUint32(built.centralOffsets[0]! + 20, built.localOffsets[1]! + 10, true);
    const e = readError(() => read(bytes, 'q.npz'), 'npz');
    expect(e.message).toMatch(
      /^q\.npz: not a readable \.npz \(zip\) archive: entries 'a\.npy' and 'b\.npy' overlap \(bytes 0–\d+ and \d+–\d+\), the layout of a zip bomb; nothing was inflated/,
    );
  });

  it('refuses an entry that points into the central directory', () => {
    const built = buildZip([{ name: 'a.npy', data: npyOf([1]) }]);
    const bytes = built.bytes.slice();
    new DataView(bytes.buffer).setUint32(built.centralOffsets[0]! + 42, built.centralOffsets[0]!, true);
    expect(readError(() => read(bytes, 'c.npz'), 'npz').message).toMatch(/entries 'a\.npy' and the central directory overlap/);
  });

  it('reads a real archive whose entries only touch', () => {
    const arrays = read(
      buildZip([
        { name: 'a.npy', data: npyOf([1]) },
        { name: 'b.npy', data: npyOf([2]), method: 0 },
      ]).bytes,
      't.npz',
    );
    expect(arrays.map((a) => Array.from(a.array.data))).toEqual([[1], [2]]);
  });

  it('counts what failed members inflated against the budget shared by all members', () => {
    // 4 MB members with a wrong CRC: each must be inflated to find out, so each uses up its 4 MB.
    const members = Array.from({ length: 4 }, (_, i) => ({ ...zeroNpyMember(`m${i}.npy`, '<f8', MiB / 2, 8), crc: 1 }));
    const arrays = read(buildZip([...members, { name: 'ok.npy', data: npyOf([7]) }]).bytes, 'crc.npz', { maxBytes: 10 * MiB });
    expect(arrays[0]!.error!.message).toMatch(/^crc\.npz › m0\.npy: CRC-32 mismatch/);
    expect(arrays[1]!.error!.message).toMatch(/^crc\.npz › m1\.npy: CRC-32 mismatch/);
    // The third and fourth no longer fit the 10 MB budget: refused by their declared size, not inflated.
    expect(arrays[2]!.error!.message).toMatch(/^crc\.npz › m2\.npy: declared size 4\.0 MB is over the remaining 2\.0 MB limit/);
    expect(arrays[3]!.error!.message).toMatch(/^crc\.npz › m3\.npy: declared size 4\.0 MB is over the remaining 2\.0 MB limit/);
    expect(Array.from(arrays[4]!.array.data)).toEqual([7]);
  });

  it('refuses a member from its .npy header before inflating its data', () => {
    const member = zeroNpyMember('u.npy', '|u1', 3 * MiB, 1); // 3 MiB of uint8 is 12 MiB as float32
    const arrays = read(buildZip([member, { name: 'ok.npy', data: npyOf([3]) }]).bytes, 'h.npz', { maxBytes: 8 * MiB });
    expect(arrays[0]!.error!.message).toBe(
      'h.npz › u.npy: shape (3145728,) uint8 needs 12 MB in memory, over the 8 MB limit (raise the size limit setting to open it).',
    );
    expect(Array.from(arrays[1]!.array.data)).toEqual([3]);
  });
});
