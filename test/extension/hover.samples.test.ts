// The hover on the shipped samples (samples/arrays.py, arrays.ts, notes.md) and its cost on a
// 100×100 literal. Times are printed for the report, never asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../src/io/literal';
import { buildHoverMarkdown } from '../../src/extension/hover/markdown';
import { DEFAULT_HOVER_SETTINGS } from '../../src/extension/hover/settings';

const SAMPLES = join(__dirname, '..', '..', 'samples');

function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

/** Offset of the first `[` after `anchor` (the literal's opening bracket). */
function bracketAfter(text: string, anchor: string): number {
  const at = text.indexOf(anchor);
  expect(at, `"${anchor}" is in the sample`).toBeGreaterThanOrEqual(0);
  return text.indexOf('[', at + anchor.length);
}

function tableBody(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.replaceAll('&nbsp;', '').trim())
        .slice(1),
    );
}

describe('hover on samples/arrays.py', () => {
  const text = sample('arrays.py');
  const shapes: [string, number[] | undefined][] = [
    ['x = ', [4, 4]],
    ['t = ', [5, 5]],
    ['sequence = ', [10]],
    ['activations = ', [4, 4]],
    ['channels = ', [3, 4, 4]],
    ['large = ', [26, 26]],
    ['names = ', undefined],
    ['ragged = ', undefined],
  ];
  for (const [anchor, shape] of shapes) {
    it(`${anchor.trim()} ${shape ? `is [${shape.join(', ')}]` : 'has no hover'}`, () => {
      // On the opening bracket: inside a ragged list, each row alone is a 1-D array (see below).
      const found = parseArrayLiteral(text, bracketAfter(text, anchor), { languageId: 'python' });
      expect(found?.array.shape).toEqual(shape);
    });
  }

  it('inside the ragged list, a row by itself is a 1-D array', () => {
    const found = parseArrayLiteral(text, bracketAfter(text, 'ragged = ') + 2, { languageId: 'python' });
    expect(text.slice(found!.start, found!.end)).toBe('[1, 2, 3]');
  });

  it('the np.array call is the range, and pools to [[6, 8], [14, 16]]', () => {
    const offset = text.indexOf('np.array([[1, 2, 3, 4]');
    const found = parseArrayLiteral(text, offset + 3, { languageId: 'python' });
    expect(found).toBeDefined();
    expect(text.slice(found!.start, found!.end)).toMatch(/^np\.array\(\[\[1, 2, 3, 4\],[\s\S]*dtype=np\.float32\)$/);
    expect(tableBody(buildHoverMarkdown(found!.array, DEFAULT_HOVER_SETTINGS))).toEqual([
      ['6', '8'],
      ['14', '16'],
    ]);
  });

  it('the torch.tensor 5×5 pools to [[7, 9], [17, 19]]', () => {
    const found = parseArrayLiteral(text, bracketAfter(text, 't = '), { languageId: 'python' });
    expect(tableBody(buildHoverMarkdown(found!.array, DEFAULT_HOVER_SETTINGS))).toEqual([
      ['7', '9'],
      ['17', '19'],
    ]);
  });

  it('the 26×26 literal is shown truncated', () => {
    const found = parseArrayLiteral(text, bracketAfter(text, 'large = '), { languageId: 'python' });
    expect(buildHoverMarkdown(found!.array, DEFAULT_HOVER_SETTINGS)).toContain('Showing 11 of 13 rows and 11 of 13 columns');
  });
});

describe('hover on samples/arrays.ts', () => {
  const text = sample('arrays.ts');
  const shapes: [string, number[] | undefined][] = [
    ['image: number[][] = ', [4, 4]],
    ['samples = ', [8]],
    ['sequence = ', [10]],
    ['readings = ', [2, 4]],
    ['batch = ', [2, 4, 4]],
    ['modes = ', undefined],
    ['ragged = ', undefined],
  ];
  for (const [anchor, shape] of shapes) {
    it(`${anchor.split(/[ :]/)[0]} ${shape ? `is [${shape.join(', ')}]` : 'has no hover'}`, () => {
      const found = parseArrayLiteral(text, bracketAfter(text, anchor), { languageId: 'typescript' });
      expect(found?.array.shape).toEqual(shape);
    });
  }

  it('readings keeps NaN winning, as PyTorch', () => {
    const found = parseArrayLiteral(text, bracketAfter(text, 'readings = '), { languageId: 'typescript' });
    expect(tableBody(buildHoverMarkdown(found!.array, DEFAULT_HOVER_SETTINGS))).toEqual([['3.75', 'NaN']]);
  });
});

describe('hover on samples/notes.md', () => {
  it('finds literals in the python and json fences, not in prose', () => {
    const text = sample('notes.md');
    const inPython = parseArrayLiteral(text, bracketAfter(text, 'a = ') + 1, { languageId: 'markdown' });
    expect(inPython?.array.shape).toEqual([5, 5]);
    const inJson = parseArrayLiteral(text, bracketAfter(text, '"input": ') + 1, { languageId: 'markdown' });
    expect(inJson?.array.shape).toEqual([4, 4]);
    // The formula in the indented block is not an array literal.
    expect(parseArrayLiteral(text, text.indexOf('floor((H'), { languageId: 'markdown' })).toBeUndefined();
  });
});

describe('hover cost', () => {
  function literal100(): string {
    const rows = Array.from({ length: 100 }, (_, r) => `    [${Array.from({ length: 100 }, (_, c) => ((r * 100 + c) * 0.37).toFixed(2)).join(', ')}],`);
    return `import numpy as np\n\nx = np.array([\n${rows.join('\n')}\n])\n`;
  }

  function time(label: string, text: string, offset: number): void {
    const run = (): string => {
      const found = parseArrayLiteral(text, offset, { languageId: 'python' });
      return found ? buildHoverMarkdown(found.array, DEFAULT_HOVER_SETTINGS) : '';
    };
    const md = run();
    expect(md).toContain('input `[100, 100]` → output `[50, 50]`');
    expect(md).toContain('Showing 11 of 50 rows and 11 of 50 columns');
    for (let i = 0; i < 20; i++) run(); // warm up the JIT
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1]!;
    console.log(`[hover] ${label}: median ${median.toFixed(3)} ms, max ${times[times.length - 1]!.toFixed(3)} ms (parse + pool + Markdown, 50 runs)`);
  }

  it('prints the time for a 100×100 literal (alone, and in a ~1 MB document)', () => {
    const text = literal100();
    const offset = text.indexOf('[', text.indexOf('np.array')) + 5;
    time(`100×100 literal, ${(text.length / 1024).toFixed(0)} KB document`, text, offset);
    // The largest document the hover reads by default (maxDocumentSizeKB 1024): code around it.
    const filler = '# ' + 'padding text for a big module '.repeat(3) + '\n';
    const pad = filler.repeat(Math.floor((1024 * 1024 - text.length) / 2 / filler.length));
    const big = pad + text + pad;
    time(`100×100 literal, ${(big.length / 1024).toFixed(0)} KB document`, big, pad.length + offset);
  });
});
