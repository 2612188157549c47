import { describe, expect, it } from 'vitest';
import { sizeOverLimit } from '../../src/io';

const MB = 1024 * 1024;

describe('sizeOverLimit', () => {
  it("names both sizes in the limit's unit, the size visibly larger", () => {
    expect(sizeOverLimit(300 * MB, 256 * MB)).toEqual({ size: '300 MB', limit: '256 MB' });
    expect(sizeOverLimit(256 * MB + 128, 256 * MB)).toEqual({ size: '256.0001 MB', limit: '256 MB' });
    expect(sizeOverLimit(3 * 1024 * MB, 256 * MB)).toEqual({ size: '3072 MB', limit: '256 MB' });
    expect(sizeOverLimit(1.2 * MB, MB)).toEqual({ size: '1.2 MB', limit: '1 MB' });
    expect(sizeOverLimit(2000, 1536)).toEqual({ size: '2 KB', limit: '1.5 KB' });
    expect(sizeOverLimit(48, 47)).toEqual({ size: '48 B', limit: '47 B' });
  });

  it('falls back to bytes when six decimals cannot tell them apart', () => {
    expect(sizeOverLimit(256 * MB + 1, 256 * MB)).toEqual({ size: '256.000001 MB', limit: '256 MB' });
    const TB = 1024 ** 4;
    expect(sizeOverLimit(TB + 1, TB)).toEqual({ size: `${TB + 1} B`, limit: `${TB} B` });
  });
});
