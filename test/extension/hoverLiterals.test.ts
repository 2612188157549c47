// The hover's literal cache (src/extension/hover/literalCache.ts): a version is read once, in
// slices, and answers every hover over it as parseArrayLiteral does; an edit supersedes a read in
// flight (it stops at its next pause and answers nothing); a read ahead fills the cache before the
// first hover; literals keep the values the panel pools (one dtype rule).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runRequest } from '../../src/request';
import { parseArrayLiteral } from '../../src/io/literal';
import { literalArray, literalDtype } from '../../src/io/literal/dtype';
import { HoverLiterals, type HoverDocument } from '../../src/extension/hover/literalCache';
import { poolForHover } from '../../src/extension/hover/markdown';
import { DEFAULT_HOVER_SETTINGS, hoverRequest } from '../../src/extension/hover/settings';

const doc = (n: number, dtype = ''): string =>
  `import numpy as np\nx = np.array([\n${Array.from({ length: n }, (_, r) => `    [${Array.from({ length: n }, (_, c) => (r * n + c) / 7).join(', ')}],`).join('\n')}\n]${dtype})\ny = [1, 2]\n`;

/** A document whose text and version the test changes, counting getText calls. */
class FakeDocument {
  version = 1;
  reads = 0;
  constructor(
    public text: string,
    readonly languageId = 'python',
    /** Lines per piece when the document is read in pieces (as the provider reads one), or whole. */
    readonly linesPerPiece?: number,
  ) {}
  snapshot(): HoverDocument {
    const version = this.version;
    const n = this.linesPerPiece;
    return {
      key: 'file:///a.py',
      version,
      languageId: this.languageId,
      text: () => {
        this.reads++;
        return this.text;
      },
      pieces:
        n === undefined
          ? undefined
          : () => {
              this.reads++;
              const lines = this.text.split(/(?<=\n)/);
              return () => (lines.length === 0 ? undefined : lines.splice(0, n).join(''));
            },
      stale: () => this.version !== version,
    };
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

const whole = (text: string, offset: number, languageId = 'python') => parseArrayLiteral(text, offset, { languageId, radius: text.length });

afterEach(() => {
  vi.useRealTimers();
});

describe('HoverLiterals', () => {
  it('reads a version once, in slices, and answers every hover over it as parseArrayLiteral does', async () => {
    const d = new FakeDocument(doc(120));
    let pauses = 0;
    const cache = new HoverLiterals(0.01, async () => {
      pauses++;
    });
    const at = d.text.indexOf('[', d.text.indexOf('np.array')) + 50;
    const got = await cache.find(d.snapshot(), at);
    const want = whole(d.text, at)!;
    expect([got!.start, got!.end]).toEqual([want.start, want.end]);
    expect(got!.array.shape).toEqual([120, 120]);
    expect(Array.from(got!.array.data)).toEqual(Array.from(want.array.data));
    expect(pauses).toBeGreaterThan(1);
    expect(await cache.find(d.snapshot(), at + 100)).toBe(got);
    const small = await cache.find(d.snapshot(), d.text.indexOf('[1, 2]') + 1);
    expect(Array.from(small!.array.data)).toEqual([1, 2]);
    expect(await cache.find(d.snapshot(), 3)).toBeUndefined();
    expect([d.reads, cache.reads]).toEqual([1, 1]);
    expect(cache.ready('file:///a.py', 1)).toBe(true);
    d.edit(`# edited\n${d.text}`);
    cache.changed('file:///a.py');
    expect(cache.ready('file:///a.py', 2)).toBe(false);
    const moved = await cache.find(d.snapshot(), at + 9);
    expect(moved!.start).toBe(got!.start + 9);
    expect(d.reads).toBe(2);
  });

  it('an edit supersedes a read in flight: it stops at its next pause, answers nothing, and the next hover reads the new text', async () => {
    const d = new FakeDocument(doc(150));
    let pauses = 0;
    let onPause: () => void = () => undefined;
    const cache = new HoverLiterals(0.01, async () => {
      pauses++;
      onPause();
    });
    const at = d.text.indexOf('np.array') + 40;
    let pausesAtEdit = -1;
    onPause = () => {
      if (pauses === 3) {
        pausesAtEdit = pauses;
        d.edit(d.text.replace('x = np.array', 'x = np.asarray'));
        cache.changed('file:///a.py');
      }
    };
    const hoverBefore = cache.find(d.snapshot(), at);
    expect(await hoverBefore).toBeUndefined();
    // It stopped at the pause after the edit instead of reading on.
    expect(pauses).toBe(pausesAtEdit);
    onPause = () => undefined;
    const after = await cache.find(d.snapshot(), at);
    expect(d.text.slice(after!.start, after!.start + 10)).toBe('np.asarray');
  });

  it('a read of a version stops once the document moves on, even if nobody said so', async () => {
    const d = new FakeDocument(doc(150));
    let pauses = 0;
    const cache = new HoverLiterals(0.01, async () => {
      if (++pauses === 2) d.version++;
    });
    expect(await cache.find(d.snapshot(), d.text.indexOf('np.array') + 40)).toBeUndefined();
    expect(pauses).toBe(2);
    expect(cache.ready('file:///a.py', 1)).toBe(false);
  });

  it('hovers during a read wait for it instead of reading again', async () => {
    const d = new FakeDocument(doc(100));
    const cache = new HoverLiterals(0.01, async () => undefined);
    const at = d.text.indexOf('np.array') + 40;
    const [a, b] = await Promise.all([cache.find(d.snapshot(), at), cache.find(d.snapshot(), at + 200)]);
    expect(a).toBe(b);
    expect(d.reads).toBe(1);
  });

  it('reads ahead after the delay, and an edit before it drops the read ahead', async () => {
    vi.useFakeTimers();
    const d = new FakeDocument(doc(40));
    const cache = new HoverLiterals(5, async () => undefined);
    cache.readAhead('file:///a.py', 150, () => d.snapshot());
    await vi.advanceTimersByTimeAsync(100);
    expect(d.reads).toBe(0);
    d.edit(`${d.text}\n`);
    cache.changed('file:///a.py');
    cache.readAhead('file:///a.py', 150, () => d.snapshot());
    await vi.advanceTimersByTimeAsync(100);
    expect(d.reads).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(d.reads).toBe(1);
    expect(cache.ready('file:///a.py', d.version)).toBe(true);
    await cache.find(d.snapshot(), d.text.indexOf('np.array') + 40);
    expect(d.reads).toBe(1);
    cache.dispose();
  });

  it('Markdown is read one hover at a time (the fence decides the reading) and cached per version', async () => {
    const d = new FakeDocument('# Weights\n\n```python\nw = [[1, 2], [3, 4]]  # [5]\n```\n\nText [7, 8].\n', 'markdown');
    const cache = new HoverLiterals(5, async () => undefined);
    const at = d.text.indexOf('[[') + 3;
    const got = await cache.find(d.snapshot(), at);
    const want = whole(d.text, at, 'markdown')!;
    expect([got!.start, got!.end]).toEqual([want.start, want.end]);
    expect(await cache.find(d.snapshot(), at + 2)).toBe(got);
    expect(d.reads).toBe(1);
    expect(Array.from((await cache.find(d.snapshot(), d.text.indexOf('[7') + 1))!.array.data)).toEqual([7, 8]);
  });
});

describe('HoverLiterals reading a document in pieces', () => {
  it('answers as the whole text does, dtype included', async () => {
    for (const suffix of [', dtype=np.float32', '', ', dtype=np.uint8']) {
      const text = doc(30, suffix).replace('np.array([', 'np.array(\n  [').replace('\n])', '\n\n]');
      for (const n of [1, 2, 7]) {
        const d = new FakeDocument(text, 'python', n);
        const w = new FakeDocument(text, 'python');
        const cache = new HoverLiterals(0.01, async () => undefined);
        const whole = new HoverLiterals(0.01, async () => undefined);
        for (const at of [text.indexOf('np.array') + 2, text.indexOf('[', text.indexOf('np.array')) + 70, text.length - 5, text.indexOf('[1, 2]') + 2, 0]) {
          const a = await cache.find(d.snapshot(), at);
          const b = await whole.find(w.snapshot(), at);
          expect(a && { ...a, data: Array.from(a.array.data) }, `${n} lines a piece, at ${at}`).toEqual(b && { ...b, data: Array.from(b.array.data) });
        }
        expect(d.reads).toBe(1);
      }
    }
  });
});

describe('hover and panel pool a literal in the same dtype', () => {
  it('float32 literals pool in float32, with the panel bits; float64 ones in float64', async () => {
    for (const [suffix, want] of [
      [', dtype=np.float32', Float32Array],
      ['', Float64Array],
    ] as const) {
      const d = new FakeDocument(doc(9, suffix), 'python', 3);
      const cache = new HoverLiterals(5, async () => undefined);
      const at = d.text.indexOf('np.array') + 30;
      const literal = (await cache.find(d.snapshot(), at))!;
      // The panel's rule (src/extension/literal/literalSource.ts): dtype from the source, values stored by computeDtype.
      const parsed = whole(d.text, at)!;
      const dtype = literalDtype(d.text.slice(parsed.start, parsed.end), 'python');
      const panelArray = literalArray(parsed.array, dtype);
      expect(literal.dtype).toBe(dtype);
      expect(literal.array.data).toBeInstanceOf(want);
      expect(literal.array.data).toEqual(panelArray.data);
      for (const mode of ['avg', 'sum', 'max'] as const) {
        const settings = { ...DEFAULT_HOVER_SETTINGS, mode, kernel: 3, stride: 2 };
        const pooled = poolForHover(literal.array, settings);
        const panel = runRequest(panelArray, hoverRequest(settings, 2, 2));
        expect(pooled.ok && pooled.output.data).toEqual(panel.data);
        expect(pooled.ok && pooled.output.data).toBeInstanceOf(want);
      }
    }
  });
});
