import { describe, expect, it } from 'vitest';
import { pool, PoolingError } from '../../src/core';
import type { NDArray } from '../../src/core/types';
import { escapeMarkdown, formatNumber } from '../../src/extension/hover/format';
import { commandUri, hoverLinks, parseLiteralTarget } from '../../src/extension/hover/links';
import { buildHoverMarkdown, poolForHover } from '../../src/extension/hover/markdown';
import { toNestedList } from '../../src/extension/hover/nestedList';
import { DEFAULT_HOVER_SETTINGS, hoverSettingsFrom, type HoverSettings } from '../../src/extension/hover/settings';
import { visibleIndices } from '../../src/extension/hover/table';

function arange(shape: number[], from = 1): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, (_, i) => i + from) };
}

function settings(overrides: Partial<HoverSettings> = {}): HoverSettings {
  return { ...DEFAULT_HOVER_SETTINGS, ...overrides };
}

/** The cells of every Markdown table row, header and alignment rows included. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.replaceAll('&nbsp;', '').trim()),
    );
}

/** Data rows without the header, alignment row and row-label column. */
function bodyValues(markdown: string, rowLabels = true): string[][] {
  return tableRows(markdown)
    .slice(2)
    .map((r) => (rowLabels ? r.slice(1) : r));
}

describe('buildHoverMarkdown: tables', () => {
  it('4×4 1..16, default 2×2 max stride 2 → [[6, 8], [14, 16]]', () => {
    const md = buildHoverMarkdown(arange([4, 4]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('**Pooling Lens** · input `[4, 4]` → output `[2, 2]`');
    expect(md).toContain('max pool · kernel 2×2 · stride 2 · padding 0');
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['', '0', '1']);
    expect(rows[1]).toEqual([':--', '--:', '--:']);
    expect(rows.slice(2)).toEqual([
      ['**0**', '6', '8'],
      ['**1**', '14', '16'],
    ]);
    expect(md).not.toContain('Showing');
    // The raw rows: right-aligned numbers, a little padding before each.
    expect(md).toContain('| **1** | &nbsp;&nbsp;14 | &nbsp;&nbsp;16 |');
  });

  it('the tutorial 5×5 drops the last row and column: [[7, 9], [17, 19]]', () => {
    const md = buildHoverMarkdown(arange([5, 5]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('input `[5, 5]` → output `[2, 2]`');
    expect(bodyValues(md)).toEqual([
      ['7', '9'],
      ['17', '19'],
    ]);
  });

  it('each mode: min, avg and sum of 4×4 1..16', () => {
    const cases: [HoverSettings['mode'], string[][]][] = [
      [
        'min',
        [
          ['1', '3'],
          ['9', '11'],
        ],
      ],
      [
        'avg',
        [
          ['3.5', '5.5'],
          ['11.5', '13.5'],
        ],
      ],
      [
        'sum',
        [
          ['14', '22'],
          ['46', '54'],
        ],
      ],
    ];
    for (const [mode, expected] of cases) {
      const md = buildHoverMarkdown(arange([4, 4]), settings({ mode }));
      expect(md, mode).toContain(`${mode} pool · kernel 2×2`);
      expect(bodyValues(md), mode).toEqual(expected);
    }
  });

  it('kernel 3, stride 1, padding 1 keeps a 4×4 size and reports the parameters', () => {
    const md = buildHoverMarkdown(arange([4, 4]), settings({ kernel: 3, stride: 1, padding: 1 }));
    expect(md).toContain('input `[4, 4]` → output `[4, 4]`');
    expect(md).toContain('max pool · kernel 3×3 · stride 1 · padding 1');
    // The max of a padded 3×3 window around (r, c) of row-major 1..16 is its lower-right cell.
    const want = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => String(Math.min(r + 1, 3) * 4 + Math.min(c + 1, 3) + 1)));
    expect(bodyValues(md)).toEqual(want);
  });
});

describe('buildHoverMarkdown: 1-D and N-D', () => {
  it('1-D 1..10 with k=2, s=1 is one row of 9 values 2..10, no row labels', () => {
    const md = buildHoverMarkdown(arange([10]), settings({ stride: 1 }));
    expect(md).toContain('input `[10]` → output `[9]`');
    expect(md).toContain('max pool · kernel 2 · stride 1 · padding 0');
    const rows = tableRows(md);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(rows[2]).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('[3, 4, 4] pools each plane and shows the first, saying so', () => {
    const md = buildHoverMarkdown(arange([3, 4, 4]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('input `[3, 4, 4]` → output `[3, 2, 2]`');
    expect(md).toContain('max pool · kernel 2×2');
    expect(md).toContain('_Showing the first of 3 planes, `[0, :, :]` (leading dims `[3]`)._');
    expect(bodyValues(md)).toEqual([
      ['6', '8'],
      ['14', '16'],
    ]);
  });

  it('[2, 3, 4, 4] has 6 planes; the first is [0, 0, :, :]', () => {
    const md = buildHoverMarkdown(arange([2, 3, 4, 4], -50), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('output `[2, 3, 2, 2]`');
    expect(md).toContain('first of 6 planes, `[0, 0, :, :]` (leading dims `[2, 3]`)');
    expect(bodyValues(md)).toEqual([
      ['-45', '-43'],
      ['-37', '-35'],
    ]);
  });

  it('an empty leading dim gives an empty output, said in words', () => {
    const md = buildHoverMarkdown({ shape: [0, 4, 4], data: new Float64Array(0) }, DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('output `[0, 2, 2]`');
    expect(md).toContain('_The output is empty._');
    expect(tableRows(md)).toEqual([]);
  });
});

describe('buildHoverMarkdown: truncation', () => {
  it('visibleIndices keeps the first and last indices around one gap', () => {
    expect(visibleIndices(5, 12)).toEqual([0, 1, 2, 3, 4]);
    expect(visibleIndices(12, 12)).toHaveLength(12);
    expect(visibleIndices(13, 12)).toEqual([0, 1, 2, 3, 4, 5, null, 8, 9, 10, 11, 12]);
    expect(visibleIndices(1000, 12)).toEqual([0, 1, 2, 3, 4, 5, null, 995, 996, 997, 998, 999]);
  });

  it('a 26×26 input (13×13 output) shows 11×11 values around … and a note', () => {
    const md = buildHoverMarkdown(arange([26, 26]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('input `[26, 26]` → output `[13, 13]`');
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['', '0', '1', '2', '3', '4', '5', '…', '8', '9', '10', '11', '12']);
    const labels = rows.slice(2).map((r) => r[0]);
    expect(labels).toEqual(['**0**', '**1**', '**2**', '**3**', '**4**', '**5**', '…', '**8**', '**9**', '**10**', '**11**', '**12**']);
    expect(rows[2 + 6]).toEqual(Array(13).fill('…'));
    // out[i][j] = in[2i+1][2j+1] = (2i+1)·26 + 2j+2 for row-major 1..676
    const out = (i: number, j: number): string => String((2 * i + 1) * 26 + 2 * j + 2);
    expect(rows[2]![1]).toBe(out(0, 0));
    expect(rows[2]![7]).toBe('…');
    expect(rows[2]![8]).toBe(out(0, 8));
    expect(rows[2 + 11]![12]).toBe(out(12, 12));
    expect(md).toContain('_Showing 11 of 13 rows and 11 of 13 columns (… marks the cut)._');
  });

  it('only the long axis is cut: 4×40 input → 2×20 output', () => {
    const md = buildHoverMarkdown(arange([4, 40]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('_Showing 2 of 2 rows and 11 of 20 columns (… marks the cut)._');
    const rows = tableRows(md);
    expect(rows).toHaveLength(4);
    expect(rows[2]!.slice(1)).toEqual(['42', '44', '46', '48', '50', '52', '…', '72', '74', '76', '78', '80']);
  });

  it('1-D output of 50 values is cut to 11 and a note', () => {
    const md = buildHoverMarkdown(arange([100]), DEFAULT_HOVER_SETTINGS);
    expect(md).toContain('input `[100]` → output `[50]`');
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['0', '1', '2', '3', '4', '5', '…', '45', '46', '47', '48', '49']);
    expect(rows[2]).toEqual(['2', '4', '6', '8', '10', '12', '…', '92', '94', '96', '98', '100']);
    expect(md).toContain('_Showing 11 of 50 values (… marks the cut)._');
  });
});

describe('buildHoverMarkdown: errors', () => {
  function coreMessage(array: NDArray, s: HoverSettings): string {
    const result = poolForHover(array, s);
    expect(result.ok).toBe(false);
    // The same message the core gives when called directly.
    let direct = '';
    try {
      pool(array, result.options);
    } catch (e) {
      expect(e).toBeInstanceOf(PoolingError);
      direct = (e as Error).message;
    }
    expect(result.ok ? '' : result.message).toBe(direct);
    return direct;
  }

  const cases: [string, NDArray, HoverSettings][] = [
    ['kernel larger than the array', { shape: [1], data: new Float64Array([5]) }, DEFAULT_HOVER_SETTINGS],
    ['kernel larger than one dim', arange([1, 6]), DEFAULT_HOVER_SETTINGS],
    ['padding over half the kernel', arange([4, 4]), settings({ padding: 2 })],
    ['stride 0', arange([4, 4]), settings({ stride: 0 })],
    ['kernel 0', arange([4, 4]), settings({ kernel: 0 })],
  ];
  for (const [name, array, s] of cases) {
    it(`${name}: one escaped line instead of a table`, () => {
      const message = coreMessage(array, s);
      expect(message.length).toBeGreaterThan(0);
      const md = buildHoverMarkdown(array, s);
      expect(tableRows(md)).toEqual([]);
      expect(md).not.toContain('→ output');
      const lines = md.split('\n').filter((l) => l.length > 0);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(`input \`[${array.shape.join(', ')}]\``);
      expect(lines[1]).toBe(`⚠ Cannot pool: ${escapeMarkdown(message)}`);
    });
  }
});

describe('number formatting and escaping', () => {
  it('formats compactly', () => {
    const cases: [number, string][] = [
      [6, '6'],
      [-16, '-16'],
      [2.5, '2.5'],
      [-2.25, '-2.25'],
      [1 / 3, '0.3333'],
      [2 / 3, '0.6667'],
      [Math.PI, '3.1416'],
      [1234.56789, '1234.5679'],
      [0.000123456, '0.0001235'],
      [1e-7, '1e-7'],
      [-3.14159e-9, '-3.142e-9'],
      [123456789, '123456789'],
      [123456789.5, '1.235e8'],
      [1.5e20, '1.5e20'],
      [0, '0'],
      [-0, '-0'],
      [NaN, 'NaN'],
      [Infinity, 'Inf'],
      [-Infinity, '-Inf'],
      [Math.fround(0.1), '0.1'],
    ];
    for (const [x, want] of cases) expect(formatNumber(x), String(x)).toBe(want);
  });

  it('shows NaN, ±Inf and fractions in the table', () => {
    const array: NDArray = { shape: [2, 4], data: new Float64Array([NaN, 1, 0.125, -Infinity, 2, 3, -1e-9, -2e-9]) };
    expect(bodyValues(buildHoverMarkdown(array, DEFAULT_HOVER_SETTINGS))).toEqual([['NaN', '0.125']]);
    // NaN wins for min too (PyTorch: min = −max(−x)).
    expect(bodyValues(buildHoverMarkdown(array, settings({ mode: 'min' })))).toEqual([['NaN', '-Inf']]);
    expect(bodyValues(buildHoverMarkdown(array, settings({ mode: 'avg' })))).toEqual([['NaN', '-Inf']]);
    const f: NDArray = { shape: [2, 2], data: new Float64Array([1, 2, 3, 4.2]) };
    expect(bodyValues(buildHoverMarkdown(f, settings({ mode: 'avg' })))).toEqual([['2.55']]);
  });

  it('escapes Markdown and table syntax', () => {
    expect(escapeMarkdown('a|b*c_d<e>[f](g)`h`\\ $(zap) # ~x~ &amp;')).toBe('a\\|b\\*c\\_d\\<e\\>\\[f\\]\\(g\\)\\`h\\`\\\\ \\$\\(zap\\) \\# \\~x\\~ \\&amp;');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    expect(escapeMarkdown('-1.5e+3')).toBe('-1.5e+3');
  });
});

describe('settings', () => {
  it('falls back to the defaults for wrong types, keeps out-of-range numbers for the core to explain', () => {
    expect(hoverSettingsFrom({})).toEqual(DEFAULT_HOVER_SETTINGS);
    expect(hoverSettingsFrom({ enabled: 'no', mode: 'lp', kernel: '3', stride: NaN, padding: null, maxDocumentSizeKB: Infinity })).toEqual(
      DEFAULT_HOVER_SETTINGS,
    );
    expect(hoverSettingsFrom({ enabled: false, mode: 'avg', kernel: 3, stride: 0, padding: -1, maxDocumentSizeKB: 10 })).toEqual({
      enabled: false,
      mode: 'avg',
      kernel: 3,
      stride: 0,
      padding: -1,
      maxDocumentSizeKB: 10,
    });
  });
});

describe('Copy result text', () => {
  it('nests by shape, in Python or JS syntax', () => {
    const a: NDArray = { shape: [2, 1, 3], data: new Float64Array([6, -0, 0.1, NaN, Infinity, -Infinity]) };
    expect(toNestedList(a, 'js')).toBe('[[[6, -0, 0.1]], [[NaN, Infinity, -Infinity]]]');
    expect(toNestedList(a, 'python')).toBe("[[[6, -0.0, 0.1]], [[float('nan'), float('inf'), float('-inf')]]]");
  });

  it('writes float32 values with the shortest text that reads back as the same float32', () => {
    const a: NDArray = { shape: [3], data: Float32Array.from([0.1, 1 / 3, 16777217]) };
    const text = toNestedList(a, 'js');
    expect(text).toBe('[0.1, 0.33333334, 16777216]');
    expect(Float32Array.from(JSON.parse(text) as number[])).toEqual(a.data);
  });

  it('round-trips float64 values exactly', () => {
    const a: NDArray = { shape: [4], data: new Float64Array([0.1 + 0.2, 1e21, 5e-324, -123.456]) };
    expect(new Float64Array(JSON.parse(toNestedList(a, 'js')) as number[])).toEqual(a.data);
  });

  it('the pooled tutorial example', () => {
    const pooled = poolForHover(arange([5, 5]), DEFAULT_HOVER_SETTINGS);
    expect(pooled.ok && toNestedList(pooled.output, 'python')).toBe('[[7, 9], [17, 19]]');
  });
});

describe('command links', () => {
  it('carry { uri, start, end } as JSON, with parentheses encoded', () => {
    const target = { uri: 'file:///home/me/my%20(copy).py', start: 10, end: 42 };
    const md = hoverLinks(target, true);
    const links = [...md.matchAll(/\]\((command:[^ )]+) "/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    for (const [link, command] of links.map((l, i) => [l, ['poolingLens.openSelection', 'poolingLens.copyHoverResult'][i]!] as const)) {
      expect(link.startsWith(`command:${command}?`)).toBe(true);
      expect(link).not.toMatch(/[()]/);
      expect(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1)))).toEqual([target]);
    }
    expect(md).toContain('Open in Pooling Lens');
    expect(md).toContain('Copy result');
    expect(commandUri('x.y', [1])).toBe('command:x.y?%5B1%5D');
  });

  it('leave out Copy result when there is no result', () => {
    const md = hoverLinks({ uri: 'untitled:a', start: 0, end: 3 }, false);
    expect(md).toContain('Open in Pooling Lens');
    expect(md).not.toContain('Copy result');
  });

  it('parseLiteralTarget accepts only a well-formed target', () => {
    expect(parseLiteralTarget({ uri: 'file:///a.py', start: 1, end: 4 })).toEqual({ uri: 'file:///a.py', start: 1, end: 4 });
    for (const bad of [
      undefined,
      null,
      'x',
      [],
      { uri: '', start: 0, end: 1 },
      { uri: 'a', start: -1, end: 1 },
      { uri: 'a', start: 3, end: 1 },
      { uri: 'a', start: 0.5, end: 1 },
      { uri: 1, start: 0, end: 1 },
    ]) {
      expect(parseLiteralTarget(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('hover colours', () => {
  it('come from the workbench theme: the Markdown has no HTML, so no colour or style of ours', () => {
    const target = { uri: 'file:///a.py', start: 0, end: 10 };
    const cases = [
      buildHoverMarkdown(arange([4, 4]), DEFAULT_HOVER_SETTINGS),
      buildHoverMarkdown(arange([26, 26]), DEFAULT_HOVER_SETTINGS),
      buildHoverMarkdown(arange([3, 4, 4]), settings({ mode: 'avg' })),
      buildHoverMarkdown(arange([1, 1]), settings({ kernel: 3 })),
      hoverLinks(target, true),
      hoverLinks(target, false),
    ];
    for (const md of cases) {
      // Entities (&nbsp;) are text; a tag would be HTML (VS Code drops it without supportHtml).
      expect(md).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(md).not.toMatch(/style=|color:|#[0-9a-f]{6}\b/i);
    }
  });
});
