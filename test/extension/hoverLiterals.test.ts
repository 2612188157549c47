// The hover's literal cache (src/extension/hover/literalCache.ts): sliced reads give
// parseArrayLiteral's answer, a hit needs the same version, edits move the anchor, a refresh
// fills the cache for the new version, and cancelling stops a read.
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../src/io/literal';
import { HoverLiterals, shiftOffset } from '../../src/extension/hover/literalCache';

const doc = (n: number): string =>
  `import numpy as np\nx = np.array([\n${Array.from({ length: n }, (_, r) => `    [${Array.from({ length: n }, (_, c) => (r * n + c) / 7).join(', ')}],`).join('\n')}\n])\ny = [1, 2]\n`;

describe('HoverLiterals', () => {
  it('reads in slices what parseArrayLiteral reads, and answers again from the cache for the same version only', async () => {
    const text = doc(120);
    let pauses = 0;
    let reads = 0;
    const cache = new HoverLiterals(0.01, async () => {
      pauses++;
    });
    const q = (offset: number, version: number) => ({
      key: 'k',
      version,
      offset,
      languageId: 'python',
      radius: text.length,
      text: () => {
        reads++;
        return text;
      },
      cancelled: () => false,
    });
    const at = text.indexOf('[', text.indexOf('np.array')) + 50;
    const got = await cache.find(q(at, 1));
    expect(got).toEqual(parseArrayLiteral(text, at, { languageId: 'python', radius: text.length }));
    expect(got!.array.shape).toEqual([120, 120]);
    expect(pauses).toBeGreaterThan(1);
    expect(await cache.find(q(at + 100, 1))).toBe(got);
    expect(reads).toBe(1);
    await cache.find(q(at + 100, 2));
    expect(reads).toBe(2);
    const small = await cache.find(q(text.indexOf('[1, 2]') + 1, 2));
    expect(Array.from(small!.array.data)).toEqual([1, 2]);
  });

  it('stops when cancelled', async () => {
    const text = doc(100);
    let cancel = false;
    const cache = new HoverLiterals(0.01, async () => {
      cancel = true;
    });
    const at = text.indexOf('np.array') + 20;
    expect(
      await cache.find({ key: 'k', version: 1, offset: at, languageId: 'python', radius: text.length, text: () => text, cancelled: () => cancel }),
    ).toBeUndefined();
  });

  it('after an edit, a refresh re-reads the hovered literal at its moved start', async () => {
    let text = doc(30);
    const cache = new HoverLiterals(5, async () => undefined);
    const at = text.indexOf('np.array') + 30;
    const first = await cache.find({ key: 'k', version: 1, offset: at, languageId: 'python', radius: 1e9, text: () => text, cancelled: () => false });
    expect(cache.tracks('k')).toBe(true);
    text = `# a comment\n${text}`;
    cache.edited('k', [{ rangeOffset: 0, rangeLength: 0, textLength: 12 }]);
    let reads = 0;
    await cache.refresh({
      key: 'k',
      version: 2,
      offset: 0,
      languageId: 'python',
      radius: 1e9,
      text: () => {
        reads++;
        return text;
      },
      cancelled: () => false,
    });
    expect(reads).toBe(1);
    const again = await cache.find({
      key: 'k',
      version: 2,
      offset: at + 12,
      languageId: 'python',
      radius: 1e9,
      text: () => {
        reads++;
        return text;
      },
      cancelled: () => false,
    });
    expect(reads).toBe(1);
    expect(again!.start).toBe(first!.start + 12);
    expect(again!.array.data).toEqual(first!.array.data);
  });

  it('shiftOffset follows edits before it and clamps into edits over it', () => {
    expect(shiftOffset(100, [{ rangeOffset: 10, rangeLength: 5, textLength: 0 }])).toBe(95);
    expect(shiftOffset(100, [{ rangeOffset: 100, rangeLength: 0, textLength: 3 }])).toBe(103);
    expect(shiftOffset(100, [{ rangeOffset: 90, rangeLength: 20, textLength: 1 }])).toBe(90);
    expect(shiftOffset(100, [{ rangeOffset: 200, rangeLength: 1, textLength: 9 }])).toBe(100);
  });
});
