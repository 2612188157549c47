import { describe, expect, it } from 'vitest';
import { readErrorText, writeNpy } from '../../src/io';
import { embedded, expectValues, expected, fixture, read, readError } from './helpers';
import { buildZip, type ZipMember } from './zip-builder';

interface Member {
  name: string;
  shape?: number[];
  dtype?: string;
  values?: (number | string)[];
  error?: string;
}
const cases = expected<{ file: string; members: Member[] }>('npz');

describe('.npz fixtures written by NumPy', () => {
  for (const c of cases) {
    it(`reads every member of ${c.file}`, () => {
      for (const bytes of [fixture('npz', c.file), embedded(fixture('npz', c.file))]) {
        const arrays = read(bytes, c.file);
        expect(arrays.map((a) => a.name)).toEqual(c.members.map((m) => m.name));
        for (const [i, m] of c.members.entries()) {
          const a = arrays[i]!;
          if (m.error) {
            expect(a.error, m.name).toBeDefined();
            expect(a.error!.format).toBe('npz');
            expect(a.error!.message).toContain(`${c.file} › `);
            expect(a.error!.message).toContain(m.error);
            expect(a.array.shape).toEqual([0]);
            continue;
          }
          expect(a.error, `${m.name}: ${a.error?.message}`).toBeUndefined();
          expect(a.dtype).toBe(m.dtype);
          expect(a.array.shape).toEqual(m.shape);
          expectValues(a.array.data, m.values!, `${c.file} › ${m.name}`);
        }
      }
    });
  }

  it('names a corrupted member by its CRC or deflate failure', () => {
    const bad = read(fixture('npz', 'corrupt_member.npz'), 'c.npz').find((a) => a.name === 'bad')!;
    expect(bad.error!.message).toMatch(/c\.npz › bad\.npy: (CRC-32 mismatch|corrupt deflate data|inflates to).*\(at offset \d+\)\.$/);
  });
});

const npyOf = (values: number[]): Uint8Array => writeNpy({ shape: [values.length], data: new Float64Array(values) });
const zip = (members: ZipMember[], zip64 = false): Uint8Array => buildZip(members, { zip64 }).bytes;

describe('malformed .npz', () => {
  it('reads an archive with zip64 records (sizes and offsets in the extra field)', () => {
    const arrays = read(
      zip(
        [
          { name: 'a.npy', data: npyOf([1, 2]) },
          { name: 'b.npy', data: npyOf([3]), method: 0 },
        ],
        true,
      ),
      'z.npz',
    );
    expect(arrays.map((a) => [a.name, Array.from(a.array.data)])).toEqual([
      ['a', [1, 2]],
      ['b', [3]],
    ]);
  });

  it('reports every truncation of a real archive', () => {
    const bytes = fixture('npz', 'savez_stored.npz');
    for (let n = 1; n < bytes.length; n++) {
      const e = readError(() => read(bytes.subarray(0, n), 's.npz'), 'npz');
      expect(e.message, `cut at ${n}`).toMatch(/^s\.npz: /);
    }
  });

  it('refuses a member whose declared size is over the limit, before inflating it', () => {
    const big = new Uint8Array(4_000_000); // deflates to a few KB: a small zip bomb
    const bytes = zip([
      { name: 'ok.npy', data: npyOf([1]) },
      { name: 'bomb.npy', data: big },
    ]);
    expect(bytes.length).toBeLessThan(10_000);
    const arrays = read(bytes, 'b.npz', { maxBytes: 1_000_000 });
    expect(arrays[0]!.error).toBeUndefined();
    expect(arrays[1]!.error!.message).toMatch(/b\.npz › bomb\.npy: declared size 3\.8 MB is over the remaining 976 KB limit/);
  });

  it('carries a size over the limit as fields, so a caller words what to do itself', () => {
    const big = new Uint8Array(4_000_000);
    const bytes = zip([
      { name: 'ok.npy', data: npyOf([1]) },
      { name: 'bomb.npy', data: big },
    ]);
    const error = read(bytes, 'b.npz', { maxBytes: 1_000_000 })[1]!.error!;
    expect(error.problem).toMatchObject({ kind: 'tooLarge', size: 4_000_000, limit: 1_000_000 - 136 });
    expect(error.message).toMatch(/ limit \(raise the size limit setting to open it\)\.$/);
    expect(readErrorText(error, 'set X')).toMatch(/^b\.npz › bomb\.npy: declared size 3\.8 MB is over the remaining 976 KB limit \(set X\)\.$/);
    // Every member too large: the archive's error keeps the first member's fields.
    const all = readError(
      () =>
        read(
          zip([
            { name: 'a.npy', data: big },
            { name: 'b.npy', data: big },
          ]),
          'c.npz',
          { maxBytes: 1_000_000 },
        ),
      'npz',
    );
    expect(all.problem).toMatchObject({ kind: 'allMembersFailed', failed: 2, first: { problem: { kind: 'tooLarge', size: 4_000_000 } } });
    expect(all.message).toMatch(/\(raise the size limit setting to open it\)\. \(and 1 more member failed\)$/);
    expect(readErrorText(all, 'set X')).toMatch(/^c\.npz › a\.npy: .* limit \(set X\)\. \(and 1 more member failed\)$/);
  });

  it('stops inflating a member that expands past its declared size (lying bomb)', () => {
    const big = new Uint8Array(50_000_000);
    const e = readError(() => read(zip([{ name: 'bomb.npy', data: big, declaredSize: 1000 }]), 'b.npz'), 'npz');
    expect(e.message).toMatch(/bomb\.npy: inflates to more than its declared 1000 bytes/);
  });

  it('shares the size budget between members', () => {
    const m = npyOf(new Array<number>(1000).fill(1)); // 8 KB decoded
    const arrays = read(
      zip([
        { name: 'a.npy', data: m },
        { name: 'b.npy', data: m },
        { name: 'c.npy', data: npyOf([5]) },
      ]),
      'm.npz',
      { maxBytes: 12_000 },
    );
    expect(arrays[0]!.error).toBeUndefined();
    expect(arrays[1]!.error!.message).toMatch(/b\.npy: (declared size .* over the remaining|.*needs 7\.8 KB in memory, over the)/);
    expect(Array.from(arrays[2]!.array.data)).toEqual([5]);
  });

  it('reports a member whose data is shorter than declared', () => {
    const data = npyOf([1, 2, 3]);
    const e = readError(() => read(zip([{ name: 'a.npy', data, declaredSize: data.length + 10 }]), 't.npz'), 'npz');
    expect(e.message).toMatch(/inflates to \d+ bytes, fewer than its declared \d+; corrupt or truncated/);
  });

  it('reports corrupt deflate data', () => {
    const e = readError(() => read(zip([{ name: 'a.npy', data: npyOf([1]), compressed: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }]), 'd.npz'), 'npz');
    expect(e.message).toMatch(/d\.npz › a\.npy: corrupt deflate data: invalid block type/);
  });

  it('checks CRC-32 of stored members', () => {
    const e = readError(() => read(zip([{ name: 'a.npy', data: npyOf([1]), method: 0, crc: 1234 }]), 'c.npz'), 'npz');
    expect(e.message).toMatch(/CRC-32 mismatch, stored 0x000004d2/);
  });

  it('refuses encrypted members and unknown compression', () => {
    expect(readError(() => read(zip([{ name: 'a.npy', data: npyOf([1]), flags: 1 }]), 'e.npz'), 'npz').message).toMatch(/a\.npy: the member is encrypted/);
    expect(readError(() => read(zip([{ name: 'a.npy', data: npyOf([1]), method: 12 }]), 'e.npz'), 'npz').message).toMatch(
      /compression method 12 is not supported/,
    );
  });

  it('says how many members failed when none loads', () => {
    const e = readError(
      () =>
        read(
          zip([
            { name: 'x.txt', data: new Uint8Array(3) },
            { name: 'y.npy', data: new Uint8Array(3), method: 0 },
          ]),
          'n.npz',
        ),
      'npz',
    );
    expect(e.message).toMatch(/^n\.npz › x\.txt: not a \.npy member, so it holds no array\. \(and 1 more member failed\)$/);
  });

  it('refuses an archive without members, and directory entries do not count', () => {
    expect(readError(() => read(zip([]), 'e.npz'), 'npz').message).toMatch(/contains no arrays/);
    expect(readError(() => read(zip([{ name: 'dir/', data: new Uint8Array(0), method: 0 }]), 'e.npz'), 'npz').message).toMatch(/contains no arrays/);
  });

  it('refuses lying directory records', () => {
    const built = buildZip([{ name: 'a.npy', data: npyOf([1]) }]);
    const count = built.bytes.slice();
    new DataView(count.buffer).setUint16(built.eocdOffset + 10, 60000, true);
    expect(readError(() => read(count, 'c.npz'), 'npz').message).toMatch(/claims 60000 entries but is only \d+ bytes/);

    const local = built.bytes.slice();
    new DataView(local.buffer).setUint32(built.centralOffsets[0]! + 42, 1 << 30, true);
    expect(readError(() => read(local, 'l.npz'), 'npz').message).toMatch(/local header runs past the end of the file/);

    const sig = built.bytes.slice();
    sig[built.localOffsets[0]! + 3] = 0;
    expect(readError(() => read(sig, 's.npz'), 'npz').message).toMatch(/bad local header signature \(at offset 0\)/);

    const dir = built.bytes.slice();
    new DataView(dir.buffer).setUint32(built.eocdOffset + 16, 1 << 30, true);
    expect(readError(() => read(dir, 'd.npz'), 'npz').message).toMatch(/the central directory runs past the end of the file/);

    const central = built.bytes.slice();
    central[built.centralOffsets[0]!] = 0;
    expect(readError(() => read(central, 'x.npz'), 'npz').message).toMatch(/bad signature for central directory entry 1/);
  });

  it('refuses a stored member whose sizes disagree', () => {
    const data = npyOf([1]);
    const e = readError(() => read(zip([{ name: 'a.npy', data, method: 0, declaredSize: data.length - 1 }]), 's.npz'), 'npz');
    expect(e.message).toMatch(/stored member with compressed size \d+ but size \d+/);
  });

  it('refuses a file that only starts like a zip', () => {
    const e = readError(() => read(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'p.npz'), 'npz');
    expect(e.message).toMatch(/no end-of-central-directory record found/);
  });
});
