import { describe, expect, it } from 'vitest';
import { parseArrayLiteral, SCAN_RADIUS } from '../../src/io/literal';

/**
 * Pathological texts: each must come back with the designed answer. The per-test timeout is only
 * a hang guard; time is printed, never asserted.
 */
const HANG_GUARD_MS = 60_000;
const MB = 1 << 20;

function timed<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  console.log(`[literal] ${label}: ${(performance.now() - t0).toFixed(1)} ms`);
  return r;
}

describe('parseArrayLiteral: pathological input', () => {
  it(
    'a million `[`',
    () => {
      const t = '['.repeat(1_000_000);
      for (const o of [0, 500_000, t.length - 1]) {
        expect(timed(`1e6 '[' at ${o}`, () => parseArrayLiteral(t, o))).toBeUndefined();
      }
    },
    HANG_GUARD_MS,
  );

  it(
    'a million `]`, and alternating unbalanced brackets',
    () => {
      expect(timed("1e6 ']'", () => parseArrayLiteral(']'.repeat(1_000_000), 500_000))).toBeUndefined();
      expect(parseArrayLiteral('[('.repeat(300_000) + '1', 600_000, { languageId: 'python' })).toBeUndefined();
      expect(parseArrayLiteral(')]'.repeat(300_000) + ' [1]', 600_002)).toMatchObject({ start: 600_001, end: 600_004 });
      // Touching a closing bracket, `[1]` is a subscript.
      expect(parseArrayLiteral(')]'.repeat(300_000) + '[1]', 600_001)).toBeUndefined();
      expect(parseArrayLiteral('[1, 2' + '])'.repeat(300_000), 1)).toMatchObject({ start: 0, end: 6 });
    },
    HANG_GUARD_MS,
  );

  it(
    '1 MiB of digits, with and without brackets',
    () => {
      const digits = '1'.repeat(MB);
      expect(timed('1 MiB digits', () => parseArrayLiteral(digits, MB / 2))).toBeUndefined();
      // One huge number in brackets: the window sees no closing bracket, so nothing is returned.
      expect(parseArrayLiteral(`[${digits}]`, 0)).toBeUndefined();
      // A 300k-digit number is a number (Infinity as a double).
      const big = `[${'9'.repeat(300_000)}, 1]`;
      const r = parseArrayLiteral(big, 5);
      expect(r?.array.shape).toEqual([2]);
      expect(Array.from(r!.array.data)).toEqual([Infinity, 1]);
    },
    HANG_GUARD_MS,
  );

  it(
    '10k nested levels: the innermost 32 dimensions form the array',
    () => {
      const depth = 10_000;
      const t = '['.repeat(depth) + '7' + ']'.repeat(depth);
      const r = timed('10k nested', () => parseArrayLiteral(t, depth));
      expect(r).toBeDefined();
      expect(r!.array.shape).toEqual(new Array(32).fill(1));
      expect(Array.from(r!.array.data)).toEqual([7]);
      expect([r!.start, r!.end]).toEqual([depth - 32, depth + 1 + 32]);
      expect(parseArrayLiteral(t, 0)).toBeUndefined();
    },
    HANG_GUARD_MS,
  );

  it(
    'nesting deeper than tracked is skipped, not recursed into',
    () => {
      const depth = 200_000;
      const t = '['.repeat(depth) + '7' + ']'.repeat(depth);
      expect(timed('200k nested', () => parseArrayLiteral(t, depth))).toBeUndefined();
      // A literal after the deep part is still found.
      const u = `${t}\nx = [1, 2]\n`;
      const at = u.indexOf('[1, 2]');
      expect(parseArrayLiteral(u, at + 1, { languageId: 'python' })).toMatchObject({ start: at, end: at + 6 });
    },
    HANG_GUARD_MS,
  );

  it(
    'unterminated strings and comments',
    () => {
      const body = 'a'.repeat(MB);
      expect(parseArrayLiteral(`x = "${body}`, 100, { languageId: 'python' })).toBeUndefined();
      expect(parseArrayLiteral(`x = """[1, 2]${body}`, 7, { languageId: 'python' })).toBeUndefined();
      expect(parseArrayLiteral(`/* [1, 2] ${'[1, 2] '.repeat(150_000)}`, 5, { languageId: 'javascript' })).toBeUndefined();
      expect(parseArrayLiteral(`x = \`[1, 2]${body}`, 6, { languageId: 'javascript' })).toBeUndefined();
      expect(parseArrayLiteral(`%{\n[1 2]\n${body}`, 4, { languageId: 'matlab' })).toBeUndefined();
      // A single-line string ends at its line: the next line is code again.
      const t = `s = "unterminated [1, 2]\nx = [3, 4]\n`;
      expect(parseArrayLiteral(t, t.indexOf('[1'), { languageId: 'python' })).toBeUndefined();
      expect(parseArrayLiteral(t, t.indexOf('[3'), { languageId: 'python' })?.array.shape).toEqual([2]);
    },
    HANG_GUARD_MS,
  );

  it(
    'a million commas and separators',
    () => {
      expect(parseArrayLiteral('[' + ','.repeat(1_000_000) + ']', 10)).toBeUndefined();
      expect(parseArrayLiteral('[' + ';'.repeat(1_000_000) + '1]', 10)).toBeUndefined(); // the window cuts it
      expect(parseArrayLiteral('[' + ';'.repeat(100_000) + '1]', 10, { languageId: 'matlab' })?.array.shape).toEqual([1]);
      expect(parseArrayLiteral('[' + ' '.repeat(1_000_000) + ']', 500_000)).toBeUndefined();
    },
    HANG_GUARD_MS,
  );

  it(
    'many small literals in a long text: the one under the cursor',
    () => {
      const line = 'x = [1, 2]\n';
      const t = line.repeat(110_000); // 1.2 MB
      const ls = line.length * 55_000; // a line in the middle
      const r = timed('1.2 MB of small literals', () => parseArrayLiteral(t, ls + 5, { languageId: 'python' }));
      expect(r).toMatchObject({ start: ls + 4, end: ls + 10 });
      expect(Array.from(r!.array.data)).toEqual([1, 2]);
      // Only numbers and lists from edge to edge of the window: as likely the middle of one huge
      // literal, which is never returned in part.
      expect(parseArrayLiteral('[1, 2], '.repeat(150_000), 600_001)).toBeUndefined();
    },
    HANG_GUARD_MS,
  );

  it(
    'a literal larger than the scan window is not returned in part',
    () => {
      const rows = 200_000;
      const t = `x = [${'[1, 2], '.repeat(rows)}[1, 2]]\n`; // 1.6 MB
      expect(t.length).toBeGreaterThan(2 * SCAN_RADIUS);
      for (const o of [10, Math.floor(t.length / 2), t.length - 10]) {
        expect(timed(`1.6 MB literal at ${o}`, () => parseArrayLiteral(t, o, { languageId: 'python' }))).toBeUndefined();
      }
      const flat = `[${'1, '.repeat(600_000)}1]`;
      expect(parseArrayLiteral(flat, 900_000)).toBeUndefined();
    },
    HANG_GUARD_MS,
  );

  it(
    'a small literal inside a large non-numeric block is found',
    () => {
      const filler = 'let a = [x, 1];\n'.repeat(70_000); // 1.1 MB each side
      const t = `function f() {\n${filler}const w = [1, 2];\n${filler}}\n`;
      const at = t.indexOf('[1, 2]');
      const r = timed('1.1 MB block around a literal', () => parseArrayLiteral(t, at + 2, { languageId: 'javascript' }));
      expect(r).toMatchObject({ start: at, end: at + 6 });
      // A big list of non-numeric things around the literal does not hide it either.
      const u = `data = [${'{"a": 1}, '.repeat(150_000)}[3, 4], ${'{"a": 1}, '.repeat(150_000)}]`;
      const at2 = u.indexOf('[3, 4]');
      expect(parseArrayLiteral(u, at2, { languageId: 'python' })).toMatchObject({ start: at2, end: at2 + 6 });
    },
    HANG_GUARD_MS,
  );

  it(
    'a large literal inside the window is read whole',
    () => {
      const n = 100_000;
      const t = `x = [${'1.5, '.repeat(n)}2]`; // 500 kB
      const r = timed('100k-element literal', () => parseArrayLiteral(t, t.length >> 1, { languageId: 'python' }));
      expect(r?.array.shape).toEqual([n + 1]);
      expect(r!.array.data[0]).toBe(1.5);
      expect(r!.array.data[n]).toBe(2);
    },
    HANG_GUARD_MS,
  );
});

describe('parseArrayLiteral: timing (printed, not asserted)', () => {
  it('100×100 np.array literal', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const rows: string[] = [];
    for (let i = 0; i < 100; i++) {
      const row: string[] = [];
      for (let j = 0; j < 100; j++) row.push(rnd().toFixed(6));
      rows.push(`[${row.join(', ')}]`);
    }
    const text = `import numpy as np\nx = np.array([\n    ${rows.join(',\n    ')},\n], dtype=np.float32)\n`;
    const offset = text.indexOf('[', text.indexOf('np.array') + 9) + 5000;
    const times: number[] = [];
    let r = parseArrayLiteral(text, offset, { languageId: 'python' });
    for (let k = 0; k < 30; k++) {
      const t0 = performance.now();
      r = parseArrayLiteral(text, offset, { languageId: 'python' });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`[literal] 100x100 literal (${text.length} chars): median ${times[15]!.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms`);
    expect(r?.array.shape).toEqual([100, 100]);
    expect(r!.array.data[100 * 100 - 1]).toBe(Number(rows[99]!.slice(1, -1).split(', ')[99]));
  });
});
